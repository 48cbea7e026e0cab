package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreReaderTest {

    private static List<List<String>> read(String input) throws IOException {
        RestoreReader r = new RestoreReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        List<List<String>> lines = new ArrayList<>();
        for (List<String> l; (l = r.nextLine()) != null; ) {
            lines.add(l);
        }
        return lines;
    }

    @Test
    void splitsOnBlanksAndDropsEveryIpvsadmWord() throws IOException {
        assertThat(read("ipvsadm -A\t-t  x\r\n-C ipvsadm\n"))
                .containsExactly(List.of("-A", "-t", "x"), List.of("-C"));
    }

    @Test
    void emptyLinesComeBackEmpty() throws IOException {
        assertThat(read("\n  \n-C\n")).containsExactly(List.of(), List.of(), List.of("-C"));
    }

    @Test
    void lastLineWithoutNewlineCountsUnlessItEndsInTwoBlanks() throws IOException {
        assertThat(read("-C")).containsExactly(List.of("-C"));
        assertThat(read("-C ")).containsExactly(List.of("-C"));
        assertThat(read("-C  ")).isEmpty();
        assertThat(read("ipvsadm")).isEmpty();
    }

    @Test
    void wordsLongerThan4096BytesAreSplit() throws IOException {
        String longWord = "a".repeat(4096) + "bc";
        assertThat(read(longWord + "\n")).containsExactly(List.of("a".repeat(4096), "bc"));
    }
}
