package org.jvs.heartbeat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlFieldsTest {

    @Test
    void stampedHeartbeatHasHeartbeatsFieldOrder() {
        ControlFields c = new ControlFields("node1", new byte[16], 0x6b049fefL, 3);
        Message m = c.stamp(Message.strings("t", "status", "st", "up", "dt", "2ee0", "protocol", "1"),
                0x6b049feeL, "0.35 0.18 0.05 4/150 13017");
        assertThat(m.fields()).extracting(Field::name).containsExactly("t", "st", "dt", "protocol", "src", "srcuuid",
                "seq", "hg", "ts", "ld", "ttl");
        assertThat(m.get("seq")).contains("1");
        assertThat(m.get("hg")).contains("6b049fef");
        assertThat(m.get("ts")).contains("6b049fee");
        assertThat(c.stamp(Message.strings("t", "status"), 1, "n/a").get("seq")).contains("2");
    }

    @Test
    void sequenceNumbersAreHexAndUnsequencedTypesGetNone() {
        ControlFields c = new ControlFields("a", new byte[16], 1, 3);
        for (int i = 1; i < 26; i++) {
            c.stamp(Message.strings("t", "x"), 1, "n/a");
        }
        assertThat(c.stamp(Message.strings("t", "x"), 1, "n/a").get("seq")).contains("1a");
        Message ns = c.stamp(Message.strings("t", "NS_rexmit", "dest", "b"), 1, "n/a");
        assertThat(ns.get("seq")).isEmpty();
        assertThat(c.nextSequence()).isEqualTo(27);
    }

    @Test
    void generationIsPersistedAndIncrementedOnEveryStart(@TempDir Path dir) throws Exception {
        NodeIdentityStore s = new NodeIdentityStore(dir.resolve("hb"));
        assertThat(s.nextGeneration(1_000)).isEqualTo(1_001);
        assertThat(Files.readString(dir.resolve("hb/hb_generation"))).isEqualTo("           1001\n");
        assertThat(new NodeIdentityStore(dir.resolve("hb")).nextGeneration(5)).isEqualTo(1_002);
        Files.writeString(dir.resolve("hb/hb_generation"), "garbage");
        assertThat(s.nextGeneration(2_000)).isEqualTo(2_001);
    }

    @Test
    void uuidIsCreatedOnceAndKept(@TempDir Path dir) throws Exception {
        byte[] a = new NodeIdentityStore(dir).uuid();
        assertThat(a).hasSize(16);
        assertThat(new NodeIdentityStore(dir).uuid()).isEqualTo(a);
    }
}
