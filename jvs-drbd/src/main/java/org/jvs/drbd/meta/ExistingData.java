package org.jvs.drbd.meta;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * What create-md finds at the start of a device before it puts metadata at its end, as drbdmeta
 * looks: all zeros (nothing), an ext2/3/4 file system (with the size it uses), or "some data".
 * Stateless; thread-safe.
 */
public final class ExistingData {
    /** Bytes drbdmeta inspects at the start of the device. */
    public static final int INSPECT_BYTES = 68 * 1024;

    /**
     * What was found.
     *
     * @param type    "ext3 filesystem", "some data", ...
     * @param usedKiB the size the file system claims, or 0 if unknown
     */
    public record Found(String type, long usedKiB) {
    }

    private ExistingData() {
    }

    /** What the first {@link #INSPECT_BYTES} bytes of a device hold; empty when all zero. */
    public static Optional<Found> inspect(byte[] head) {
        boolean zero = true;
        for (byte b : head) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        // ext2/3/4: superblock at 1024, magic 0xEF53 at offset 56 of it
        if (head.length >= 2048 && (b.getShort(1024 + 56) & 0xffff) == 0xEF53) {
            long blocks = Integer.toUnsignedLong(b.getInt(1024 + 4));
            long blockSize = 1024L << b.getInt(1024 + 24);
            // drbdmeta names it ext3 when it has a journal (compat flag 0x4)
            String type = (b.getInt(1024 + 92) & 0x4) != 0 ? "ext3 filesystem" : "ext2 filesystem";
            return Optional.of(new Found(type, (blocks * blockSize + 1023) >> 10));
        }
        return Optional.of(new Found("some data", 0));
    }
}
