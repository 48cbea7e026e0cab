package org.jvs.drbd.meta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MetadataLayoutTest {

    @Test
    void sixtyFourMiBFileHasTheOffsetsDrbdmetaPrints() {
        MetadataLayout l = MetadataLayout.internal(64L << 20);

        assertThat(l.mdSizeSect()).isEqualTo(80);
        assertThat(l.mdOffset()).isEqualTo(67104768L);
        assertThat(l.alOffset()).isEqualTo(67072000L);
        assertThat(l.bmOffset()).isEqualTo(67067904L);
        assertThat(l.alOffsetSect()).isEqualTo(-64);
        assertThat(l.bmOffsetSect()).isEqualTo(-72);
        assertThat(l.maxUsableSectors()).isEqualTo(67067904L / 512);
    }

    @Test
    void oneTiBNeedsTheUserGuidesWorkedExampleOf65608Sectors() {
        MetadataLayout l = MetadataLayout.internal(1L << 40);

        assertThat(l.mdSizeSect()).isEqualTo(65608);
        assertThat(l.maxUsableSectors()).isEqualTo((1L << 31) - 65608);
    }

    @ParameterizedTest
    @ValueSource(longs = {68 * 1024, 1 << 20, 3 << 20, 256L << 20, (1L << 30) + 4096 * 3, 5L << 30, 10L << 40})
    void metadataSizeFollowsTheUserGuideFormulaForAlignedSizes(long bytes) {
        long cs = bytes >> 9;
        MetadataLayout l = MetadataLayout.internal(bytes);

        assertThat((long) l.mdSizeSect()).isEqualTo((cs + (1 << 18) - 1) / (1 << 18) * 8 + 72);
        assertThat(l.maxUsableSectors()).isEqualTo(((bytes - 4096) & ~4095L) / 512 + 8 - l.mdSizeSect());
    }

    @Test
    void unalignedTailIsPaddingAfterTheSuperblock() {
        long bytes = (64L << 20) + 3 * 512;

        MetadataLayout l = MetadataLayout.internal(bytes);

        assertThat(l.mdOffset()).isEqualTo((64L << 20) - 4096);
    }

    @Test
    void bitmapBytesRoundToWordsThenTo4KiB() {
        assertThat(MetadataLayout.bitmapBytes(0)).isZero();
        assertThat(MetadataLayout.bitmapBytes(8)).isEqualTo(4096);
        assertThat(MetadataLayout.bitmapBytes(8L * 32768)).isEqualTo(4096);
        assertThat(MetadataLayout.bitmapBytes(8L * 32768 + 8)).isEqualTo(8192);
    }
}
