package org.jvs.drbd.meta;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The text of {@code drbdmeta dump-md} for v08 metadata, which {@code drbdmeta restore-md} reads
 * back: the superblock fields, then the bitmap as 64-bit words, four to a line, a "# at NkB"
 * marker every 32 words, and runs of at least 8 identical lines compressed to
 * {@code N times 0xWORD;}. Stateless; thread-safe.
 */
public final class MetadataDump {
    private static final int WORDS32_PER_LINE = 8;

    private MetadataDump() {
    }

    /**
     * The dump body (everything after the header comment).
     *
     * @param sb     the superblock
     * @param layout where the metadata is
     * @param bitmap the on-disk bitmap bytes covering {@code sb.laSizeSect()} (whole 4 KiB pages)
     */
    public static String body(Superblock sb, MetadataLayout layout, byte[] bitmap) {
        StringBuilder out = new StringBuilder();
        out.append("version \"v08\";\n\n");
        out.append("# md_size_sect ").append(Integer.toUnsignedLong(sb.mdSizeSect())).append('\n');
        out.append("# md_offset ").append(layout.mdOffset()).append('\n');
        out.append("# al_offset ").append(layout.alOffset()).append('\n');
        out.append("# bm_offset ").append(layout.bmOffset()).append("\n\n");
        GenerationIds u = sb.uuids();
        out.append("uuid {\n");
        out.append(String.format("    0x%016X; 0x%016X; 0x%016X; 0x%016X;\n", u.current(), u.bitmap(), u.history0(),
                u.history1()));
        out.append(String.format("    flags 0x%08X;\n", sb.flags()));
        out.append("}\n");
        out.append("# al-extents ").append(Integer.toUnsignedLong(sb.alNrExtents())).append(";\n");
        long la = sb.laSizeSect();
        if (la > layout.maxUsableSectors()) {
            out.append("# la-size-sect was too big (").append(la).append("), truncated (")
                    .append(layout.maxUsableSectors()).append(")!\n");
            la = layout.maxUsableSectors();
        }
        out.append("la-size-sect ").append(la).append(";\n");
        out.append("bm-byte-per-bit ").append(Integer.toUnsignedLong(sb.bmBytesPerBit())).append(";\n");
        out.append(String.format("device-uuid 0x%016X;\n", sb.deviceUuid()));
        out.append("la-peer-max-bio-size ").append(sb.laPeerMaxBioSize()).append(";\n");
        out.append("al-stripes ").append(Integer.toUnsignedLong(sb.alStripes())).append(";\n");
        out.append("al-stripe-size-4k ").append(Integer.toUnsignedLong(sb.alStripeSize4k())).append(";\n");
        long bmBytes = MetadataLayout.bitmapBytes(la);
        out.append("# bm-bytes ").append(bmBytes).append(";\n");
        out.append("bm ");
        long bits = words(out, bitmap, (int) bmBytes);
        out.append("# bits-set ").append(bits).append(";\n");
        return out.toString();
    }

    /** Prints the bitmap block and returns the number of set bits. */
    private static long words(StringBuilder out, byte[] bitmap, int bytes) {
        ByteBuffer b = ByteBuffer.wrap(bitmap).order(ByteOrder.LITTLE_ENDIAN);
        int n = bytes / 4;
        long bitsSet = 0;
        int low = 0;
        out.append('{');
        int i = 0;
        while (i < n) {
            if (i % WORDS32_PER_LINE == 0) {
                out.append(i % 64 == 0 ? "\n   # at " + 128L * i + "kB\n   " : "\n   ");
                int w = b.getInt(4 * i);
                int j = i;
                while (j < n && b.getInt(4 * j) == w) {
                    j++;
                }
                int run = (j - i) / WORDS32_PER_LINE * WORDS32_PER_LINE;
                if (run > WORDS32_PER_LINE) {
                    out.append(String.format(" %d times 0x%08X%08X;", run / 2, w, w));
                    bitsSet += (long) run * Integer.bitCount(w);
                    i += run;
                    continue;
                }
            }
            int w = b.getInt(4 * i);
            if (i % 2 == 0) {
                low = w;
            } else {
                out.append(String.format(" 0x%08X%08X;", w, low));
            }
            bitsSet += Integer.bitCount(w);
            i++;
        }
        out.append("\n}\n");
        return bitsSet;
    }
}
