package org.jvs.drbd.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActivityLogTest {
    private final ByteBuffer[] ring = new ByteBuffer[8];
    private final List<String> events = new ArrayList<>();
    private final ActivityLog.Disk disk = new ActivityLog.Disk() {
        @Override
        public void writeAlBlock(int block, byte[] data) {
            ring[block] = ByteBuffer.wrap(data.clone());
            events.add("al" + block);
        }

        @Override
        public void beforeEviction() {
            events.add("bitmap");
        }
    };

    private List<ByteBuffer> ringBlocks() {
        List<ByteBuffer> l = new ArrayList<>();
        for (ByteBuffer b : ring) {
            l.add(b == null ? ByteBuffer.wrap(ActivityLog.initializedBlock()) : b);
        }
        return l;
    }

    private static long extent(int e) {
        return e * ActivityLog.EXTENT_BYTES;
    }

    @Test
    void aWriteToAHotExtentNeedsNoTransaction() throws Exception {
        ActivityLog al = new ActivityLog(disk, 67, 1, 8, 0);

        al.begin(extent(5), 4096);
        al.end(extent(5), 4096);
        al.begin(extent(5) + 8192, 4096);

        assertThat(events).containsExactly("al0");
        assertThat(al.transactions()).isEqualTo(1);
    }

    @Test
    void writeSpanningTwoExtentsMakesBothHotInOneTransaction() throws Exception {
        ActivityLog al = new ActivityLog(disk, 67, 1, 8, 0);

        al.begin(extent(2) - 512, 1024);

        assertThat(al.hotExtents()).containsExactly(1, 2);
        assertThat(al.transactions()).isEqualTo(1);
    }

    @Test
    void evictingAnExtentWritesTheBitmapFirstAndReplayForgetsIt() throws Exception {
        ActivityLog al = new ActivityLog(disk, 67, 1, 8, 0);
        for (int e = 0; e < 67; e++) {
            al.begin(extent(e), 4096);
            al.end(extent(e), 4096);
        }
        events.clear();

        al.begin(extent(100), 4096);

        assertThat(events).containsExactly("bitmap", "al" + al.ringBlock(67));
        assertThat(al.hotExtents()).doesNotContain(0).contains(100);
        assertThat(ActivityLog.replay(ringBlocks()).extents()).isEqualTo(al.hotExtents());
    }

    @Test
    void replayOfTheRingGivesTheHotSetAfterManyTransactions() throws Exception {
        ActivityLog al = new ActivityLog(disk, 67, 1, 8, 0);
        for (int i = 0; i < 300; i++) {
            int e = (i * 7) % 150;
            al.begin(extent(e), 4096);
            al.end(extent(e), 4096);
        }

        ActivityLog.Replay replay = ActivityLog.replay(ringBlocks());

        assertThat(replay.extents()).containsAll(al.hotExtents());
        assertThat(replay.nextTransaction()).isEqualTo(al.transactions());
    }

    @Test
    void extentsInUseAreNeverEvictedAWriterWaitsInstead() throws Exception {
        ActivityLog al = new ActivityLog(disk, 67, 1, 8, 0);
        for (int e = 0; e < 67; e++) {
            al.begin(extent(e), 4096);
        }
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                al.begin(extent(200), 4096);
            } catch (Exception ex) {
                throw new RuntimeException(ex);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        al.end(extent(13), 4096);

        waiting.get(5, TimeUnit.SECONDS);
        assertThat(al.hotExtents()).doesNotContain(13).contains(200);
    }

    @Test
    void corruptedTransactionsAreIgnoredByReplay() throws Exception {
        ActivityLog al = new ActivityLog(disk, 67, 1, 8, 0);
        al.begin(extent(1), 4096);
        al.begin(extent(2), 4096);
        ring[1].put(500, (byte) 0x55);

        assertThat(ActivityLog.replay(ringBlocks()).extents()).containsExactly(1);
    }
}
