package org.jvs.drbd.resource;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Progress of one resync or verify run for the status views: total and remaining 4 KiB blocks,
 * start time, time spent paused, and marks every 3 s over the last 18 s from which DRBD's "speed"
 * (recent) and average rates and the finish estimate come. Times in nanoseconds from the
 * resource's clock. Thread-safe.
 */
public final class SyncProgress {
    private static final long MARK_NS = 3_000_000_000L;
    private static final int MARKS = 6;

    private record Mark(long timeNs, long left) {
    }

    private final long totalBlocks;
    private final long startNs;
    private final Deque<Mark> marks = new ArrayDeque<>();
    private long pausedNs;
    private long pausedSince = -1;

    /** A run over {@code totalBlocks} blocks starting at {@code nowNs}. */
    public SyncProgress(long totalBlocks, long nowNs) {
        this.totalBlocks = totalBlocks;
        this.startNs = nowNs;
        marks.add(new Mark(nowNs, totalBlocks));
    }

    /** Blocks in the run. */
    public long totalBlocks() {
        return totalBlocks;
    }

    /** Records that {@code left} blocks remain at {@code nowNs} (kept every 3 s). */
    public synchronized void mark(long left, long nowNs) {
        if (nowNs - marks.peekLast().timeNs() >= MARK_NS) {
            marks.addLast(new Mark(nowNs, left));
            while (marks.size() > MARKS) {
                marks.removeFirst();
            }
        }
    }

    /** The run was paused or resumed at {@code nowNs}. */
    public synchronized void paused(boolean paused, long nowNs) {
        if (paused && pausedSince < 0) {
            pausedSince = nowNs;
        } else if (!paused && pausedSince >= 0) {
            pausedNs += nowNs - pausedSince;
            pausedSince = -1;
        }
    }

    /** Seconds spent paused. */
    public synchronized long pausedSeconds(long nowNs) {
        long p = pausedNs + (pausedSince >= 0 ? nowNs - pausedSince : 0);
        return p / 1_000_000_000L;
    }

    /** Seconds since start, less the paused time (at least 1, as DRBD divides by it). */
    public synchronized long activeSeconds(long nowNs) {
        return Math.max(1, (nowNs - startNs) / 1_000_000_000L - pausedSeconds(nowNs));
    }

    /** Seconds since the oldest mark of the window (at least 1). */
    public synchronized long windowSeconds(long nowNs) {
        return Math.max(1, (nowNs - marks.peekFirst().timeNs()) / 1_000_000_000L);
    }

    /** Blocks left at the oldest mark of the window. */
    public synchronized long windowLeft() {
        return marks.peekFirst().left();
    }

    /** The recent rate in KiB/s, from the oldest mark of the window. */
    public synchronized long recentKiBps(long left, long nowNs) {
        Mark m = marks.peekFirst();
        long dt = Math.max(1, (nowNs - m.timeNs()) / 1_000_000_000L);
        return Math.max(0, m.left() - left) * 4 / dt;
    }

    /** The average rate since start in KiB/s. */
    public synchronized long averageKiBps(long left, long nowNs) {
        return Math.max(0, totalBlocks - left) * 4 / activeSeconds(nowNs);
    }

    /** Seconds to go at the recent rate (0 when unknown). */
    public synchronized long secondsToGo(long left, long nowNs) {
        long rate = recentKiBps(left, nowNs);
        return rate == 0 ? 0 : left * 4 / rate;
    }

    /** Whether the newest mark is more than 180 s old (DRBD prints "(stalled)"). */
    public synchronized boolean stalled(long nowNs) {
        return nowNs - marks.peekLast().timeNs() > 180_000_000_000L;
    }
}
