package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LargeNumberTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "0|'        0'",
        "99999999|' 99999999'",
        "100000000|'  100000K'",
        "999999999|'  999999K'",
        "1000000000|'    1000M'",
        "99999999999|'   99999M'",
        "100000000000|'     100G'",
        "99999999999999|'   99999G'",
        "100000000000000|'     100T'",
        "-1|'18446744T'",
    })
    void abbreviatesAt100MillionWithKMGT(long value, String expected) {
        assertThat(expected).hasSize(9);
        assertThat(LargeNumber.format(value, false)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "7|'        7'",
        "12345678|' 12345678'",
        "123456789|' 123456789'",
        "98765432100|' 98765432100'",
        "-1|' 18446744073709551615'",
    })
    void exactWidensToOneMoreThanTheDigits(long value, String expected) {
        assertThat(LargeNumber.format(value, true)).isEqualTo(expected);
    }
}
