package org.jvs.drbd.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BitmapTest {

    @Test
    void setAndClearCountOnlyChangedBits() {
        Bitmap bm = new Bitmap(1000);

        assertThat(bm.set(10, 200)).isEqualTo(190);
        assertThat(bm.set(100, 300)).isEqualTo(100);
        assertThat(bm.weight()).isEqualTo(290);
        assertThat(bm.clear(0, 50)).isEqualTo(40);
        assertThat(bm.weight()).isEqualTo(250);
        assertThat(bm.nextSet(0)).isEqualTo(50);
        assertThat(bm.nextSet(300)).isEqualTo(-1);
    }

    @Test
    void partlyWrittenBlocksGoOutOfSyncButOnlyWholeBlocksComeBackInSync() {
        Bitmap bm = new Bitmap(16);

        bm.markOutOfSync(4096 + 100, 10);
        assertThat(bm.isSet(1)).isTrue();
        bm.markOutOfSync(3 * 4096 - 1, 2);
        assertThat(bm.isSet(2)).isTrue();
        assertThat(bm.isSet(3)).isTrue();

        bm.markInSync(4096 + 512, 4096);
        assertThat(bm.isSet(1)).isTrue();
        bm.markInSync(2 * 4096, 2 * 4096);
        assertThat(bm.isSet(2)).isFalse();
        assertThat(bm.isSet(3)).isFalse();
        assertThat(bm.weight()).isEqualTo(1);
    }

    @Test
    void pagesAreLittleEndianWordsWithBitZeroTheFirstBlock() {
        Bitmap bm = new Bitmap(100);
        bm.set(0, 1);
        bm.set(65, 66);

        ByteBuffer page = ByteBuffer.wrap(bm.encodePage(0)).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(page.getLong(0)).isEqualTo(1L);
        assertThat(page.getLong(8)).isEqualTo(2L);
        assertThat(bm.encodePage(0)[0]).isEqualTo((byte) 1);
    }

    @Test
    void onlyChangedPagesAreWrittenAgain() {
        Bitmap bm = new Bitmap(3L * 32768);
        bm.set(40000, 40001);
        List<Integer> pages = new ArrayList<>();

        bm.drainDirtyPages(pages::add);
        bm.drainDirtyPages(pages::add);

        assertThat(pages).containsExactly(1);
    }

    @Property(tries = 200)
    void weightAlwaysEqualsTheNumberOfSetBits(@ForAll @IntRange(max = 500) int a, @ForAll @IntRange(max = 500) int b,
                                              @ForAll @IntRange(max = 500) int c, @ForAll @IntRange(max = 500) int d) {
        Bitmap bm = new Bitmap(500);
        bm.set(Math.min(a, b), Math.max(a, b));
        bm.clear(Math.min(c, d), Math.max(c, d));
        long count = 0;
        for (long i = 0; i < 500; i++) {
            count += bm.isSet(i) ? 1 : 0;
        }
        assertThat(bm.weight()).isEqualTo(count);
    }

    @Test
    void loadingAPageRecountsTheWeightAndDropsPaddingBits() {
        Bitmap bm = new Bitmap(70);
        ByteBuffer page = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        page.putLong(0, -1L).putLong(8, -1L);

        bm.loadPage(0, page);

        assertThat(bm.weight()).isEqualTo(70);
    }
}
