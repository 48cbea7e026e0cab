package org.jvs.heartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusTextTest {

    @Test
    void textDecidesAsResourceManagerDoes() {
        assertThat(StatusText.meansRunning("httpd (pid 1234) is running...")).isTrue();
        assertThat(StatusText.meansRunning("running (Primary)")).isTrue();
        assertThat(StatusText.meansRunning("INFO: Running OK")).isTrue();
        assertThat(StatusText.meansRunning("OK")).isTrue();
        assertThat(StatusText.meansRunning("httpd is not running")).isFalse();
        assertThat(StatusText.meansRunning("mysqld is NOT Running")).isFalse();
        assertThat(StatusText.meansRunning("stopped (Secondary)")).isFalse();
        assertThat(StatusText.meansRunning("")).isFalse();
    }

    @Test
    void drbddisksUncertainAnswerReadsAsNotRunningBecauseCannotContainsNot() {
        // drbddisk means this to count as running, but ResourceManager's glob *[Nn][Oo][Tt] *[Rr]unning*
        // matches "cannot ... running", so heartbeat reads it as stopped; jvs reads it the same way.
        assertThat(StatusText.meansRunning("cannot determine status, may be running")).isFalse();
    }
}
