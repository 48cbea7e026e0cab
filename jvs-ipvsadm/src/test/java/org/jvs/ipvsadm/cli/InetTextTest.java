package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.jvs.ipvs.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InetTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1|10.0.0.1",
        "10.1|10.0.0.1",
        "10.1.2|10.1.0.2",
        "167772161|10.0.0.1",
        "0x0a000001|10.0.0.1",
        "0X0A.0.0.1|10.0.0.1",
        "012.0.0.1|10.0.0.1",
        "0|0.0.0.0",
        "255.255.255.255|255.255.255.255",
        "1.2.3.4 anything after a blank|1.2.3.4",
        "1.2.65535|1.2.255.255",
    })
    void inetAtonAcceptsEveryFormGlibcAccepts(String text, String expected) {
        assertThat(InetText.inetAton(text)).isEqualTo(IpAddress.parseNumeric(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b.c.d", "256.0.0.1", "1.2.3.4.5", "08.0.0.1", "1..2", "1.2.3.", "0x",
        "1.2.65536", "1.16777216", "4294967296", "1.2.3.4x", "-1", "10.0.0.1:80"})
    void inetAtonRefusesWhatGlibcRefuses(String text) {
        assertThat(InetText.inetAton(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "10.0.0", "10.0.0.256", "1.2.3.4 ", "10.1", "0x1.0.0.1", "1.2.3.4.5"})
    void inetPton4IsStrict(String text) {
        assertThat(InetText.inetPton4(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "::|::",
        "::1|::1",
        "2001:db8::1|2001:db8::1",
        "2001:DB8:0:0:0:0:0:1|2001:db8::1",
        "::ffff:1.2.3.4|::ffff:1.2.3.4",
        "1:2:3:4:5:6:7:8|1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::|1:2:3:4:5:6:7:0",
        "1:2:3:4:5:6:1.2.3.4|1:2:3:4:5:6:102:304",
    })
    void inetPton6AcceptsTheTextForms(String text, String expected) {
        IpAddress a = InetText.inetPton6(text);
        assertThat(a).isNotNull();
        assertThat(a.toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":1", "1:", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
        "1::2:", "::1.2.3", "::01.2.3.4", "g::1", "[::1]", "1.2.3.4"})
    void inetPton6RefusesMalformedText(String text) {
        assertThat(InetText.inetPton6(text)).isNull();
    }
}
