package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CNumbersTest {

    @Test
    void stringToNumberAcceptsLeadingBlanksAndSignsButNothingAfter() {
        assertThat(CNumbers.stringToNumber("42", 0, 100)).isEqualTo(42);
        assertThat(CNumbers.stringToNumber(" \t42", 0, 100)).isEqualTo(42);
        assertThat(CNumbers.stringToNumber("+42", 0, 100)).isEqualTo(42);
        assertThat(CNumbers.stringToNumber("-0", 0, 100)).isZero();
        assertThat(CNumbers.stringToNumber("42 ", 0, 100)).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.stringToNumber("", 0, 100)).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.stringToNumber(" ", 0, 100)).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.stringToNumber("+", 0, 100)).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.stringToNumber("101", 0, 100)).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.stringToNumber("0x10", 0, 100)).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.stringToNumber("9223372036854775808", 0, Long.MAX_VALUE)).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.stringToNumber("9223372036854775807", 0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void fwmarkIsAPositiveUnsigned32BitNumber() {
        assertThat(CNumbers.fwmark("1")).isEqualTo(1);
        assertThat(CNumbers.fwmark("4294967295")).isEqualTo(4294967295L);
        assertThat(CNumbers.fwmark("4294967296")).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.fwmark("0")).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.fwmark("-5")).isEqualTo(CNumbers.INVALID);
        assertThat(CNumbers.fwmark("0x10")).isEqualTo(CNumbers.INVALID);
    }

    @Test
    void atoiIgnoresTrailingGarbageAndTruncatesToInt() {
        assertThat(CNumbers.atoi("64abc")).isEqualTo(64);
        assertThat(CNumbers.atoi("abc")).isZero();
        assertThat(CNumbers.atoi(" -7")).isEqualTo(-7);
        assertThat(CNumbers.atoi("4294967360")).isEqualTo(64);
    }
}
