package org.jvs.heartbeat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuthMethodTest {

    private static String digest(AuthMethod m, String key, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return m.digest(key.getBytes(StandardCharsets.ISO_8859_1), b, 0, b.length);
    }

    @Test
    void hmacsMatchRfc2202TestVectors() {
        assertThat(digest(AuthMethod.SHA1, "Jefe", "what do ya want for nothing?"))
                .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        assertThat(digest(AuthMethod.MD5, "Jefe", "what do ya want for nothing?"))
                .isEqualTo("750c783e6ab0b503eaa86e310a5db738");
    }

    @Test
    void sha1DigestMatchesARealHeartbeatPacket() {
        // Captured from Debian heartbeat 3.0.6 (authkeys "1 sha1 secretkey"): the text its classic auth
        // field covers and the digest it sent.
        String text = "t=status\nst=init\ndt=2ee0\nprotocol=1\nsrc=node1\n(1)srcuuid=b1xL1vYpTtixI0vNuSwBnA==\n"
                + "seq=1\nhg=6b049fef\nts=6b049fee\nld=0.35 0.18 0.05 4/150 13017\nttl=3\n";
        assertThat(digest(AuthMethod.SHA1, "secretkey", text)).isEqualTo("0ef46ff181cff152e28c7ac6dc02cb271b0f55b5");
    }

    @Test
    void crcIsTheMsbFirstPolynomialInvertedWithoutLeadingZeros() {
        // This is the catalogued CRC-32/POSIX (cksum's CRC before it appends the length): its check
        // value over "123456789" is 0x765e7680, and empty input gives ~0.
        assertThat(digest(AuthMethod.CRC, "", "")).isEqualTo("ffffffff");
        assertThat(digest(AuthMethod.CRC, "", "123456789")).isEqualTo("765e7680");
        // %lx prints no leading zeros.
        assertThat(digest(AuthMethod.CRC, "", "x40")).isEqualTo("6a039b");
    }
}
