package org.jvs.ipvs.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Hostile datagrams: never an exception, only records or a counted refusal. */
class SyncDecoderFuzzTest {
    @Property(tries = 20_000)
    void randomBytesNeverThrow(@ForAll @Size(max = 1500) byte[] datagram) {
        SyncDecoder.Result r = SyncDecoder.decode(ByteBuffer.wrap(datagram), 0);
        assertThat(r.records()).isNotNull();
    }

    @Property(tries = 20_000)
    void randomBytesWithAConsistentHeaderNeverThrow(@ForAll @Size(min = 8, max = 1500) byte[] datagram,
                                                    @ForAll boolean v1) {
        ByteBuffer b = ByteBuffer.wrap(datagram);
        if (v1) {
            b.put(0, (byte) 0).put(5, (byte) 1);
        }
        b.putShort(2, (short) datagram.length);
        assertThat(SyncDecoder.decode(b, 0).records()).isNotNull();
    }

    @Test
    void aSizeFieldThatIsNotTheDatagramLengthOrAnotherSyncIdRefusesTheMessage() {
        ByteBuffer m = ByteBuffer.allocate(8);
        SyncEncoder.writeHeader(m, 0, 5, 0, 8);
        assertThat(SyncDecoder.decode(m.duplicate(), 6).refusal()).isEqualTo(SyncDecoder.Refusal.OTHER_SYNC_ID);
        assertThat(SyncDecoder.decode(m.duplicate(), 0).refusal()).isNull();
        assertThat(SyncDecoder.decode(m.duplicate(), 5).refusal()).isNull();
        SyncEncoder.writeHeader(m, 0, 5, 0, 9);
        assertThat(SyncDecoder.decode(m.duplicate(), 0).refusal()).isEqualTo(SyncDecoder.Refusal.SIZE_MISMATCH);
        SyncEncoder.writeHeader(m, 0, 5, 1, 8);
        assertThat(SyncDecoder.decode(m.duplicate(), 0).refusal()).isEqualTo(SyncDecoder.Refusal.TRUNCATED);
    }
}
