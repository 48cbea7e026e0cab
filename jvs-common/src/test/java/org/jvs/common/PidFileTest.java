package org.jvs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void statusTellsRunningStaleAndStoppedApart() throws Exception {
        PidFile pid = new PidFile(dir.resolve("x.pid"));
        assertThat(pid.status()).isEqualTo(PidFile.Status.STOPPED);
        pid.writeCurrent();
        assertThat(pid.status()).isEqualTo(PidFile.Status.RUNNING);
        assertThat(pid.read()).hasValue(ProcessHandle.current().pid());
        Files.writeString(pid.path(), "999999999\n");
        assertThat(pid.status()).isEqualTo(PidFile.Status.STALE);
        Files.writeString(pid.path(), "garbage\n");
        assertThat(pid.status()).isEqualTo(PidFile.Status.STALE);
        pid.removeIfOurs();
        assertThat(pid.path()).exists();
        pid.writeCurrent();
        pid.removeIfOurs();
        assertThat(pid.path()).doesNotExist();
    }

    @Test
    void runDirectoryComesFromTheEnvironmentAndIsPrivate() throws Exception {
        RunDirectory def = RunDirectory.fromEnvironment(Map.of());
        assertThat(def.path()).isEqualTo(Path.of("/run/jvs"));
        RunDirectory rd = RunDirectory.fromEnvironment(Map.of("JVS_RUN_DIR", dir.resolve("a/run").toString())).create();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rd.path()))).isEqualTo("rwx------");
        assertThat(rd.directorSocket()).isEqualTo(rd.path().resolve("director.sock"));
        rd.create();
    }
}
