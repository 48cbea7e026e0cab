package org.jvs.heartbeat.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jvs.heartbeat.transport.MediumChannel;
import org.jvs.heartbeat.wire.WireCodec;

/**
 * The single thread that owns a node: it waits on the media's sockets, runs work posted by other
 * threads (job completions, ping replies, commands) and timers, and ticks the node every
 * {@link #TICK_NS}. Everything receives {@code System.nanoTime()}, which is monotonic, so wall-clock
 * jumps move no deadline. {@link #post} and {@link #schedule} are thread-safe; the rest runs on the
 * conductor thread.
 */
final class Conductor {
    /** Tick period: deadlines (deadtime, keepalive) are met to within this. */
    static final long TICK_NS = TimeUnit.MILLISECONDS.toNanos(10);

    /** What the conductor drives. */
    interface Target {
        void onDatagram(byte[] buf, int len, String medium, long nowNs);

        void onTick(long nowNs);

        /** Whether the loop should end. */
        boolean finished();
    }

    private record Timer(long dueNs, long order, LongConsumer action) {
    }

    private final Selector selector;
    private final Queue<LongConsumer> posted = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.dueNs != b.dueNs
            ? Long.compare(a.dueNs, b.dueNs) : Long.compare(a.order, b.order));
    private final Queue<Timer> newTimers = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(WireCodec.MAX_DATAGRAM + 1);
    private final byte[] bytes = new byte[WireCodec.MAX_DATAGRAM + 1];
    private long timerOrder;

    Conductor() throws IOException {
        this.selector = Selector.open();
    }

    void register(MediumChannel channel) throws IOException {
        channel.register(selector);
    }

    /** Runs {@code action} on the conductor thread with the time it runs at. Thread-safe. */
    void post(LongConsumer action) {
        posted.add(action);
        selector.wakeup();
    }

    /** Runs {@code action} on the conductor thread after {@code delayNs}. Thread-safe. */
    void schedule(long delayNs, LongConsumer action) {
        synchronized (newTimers) {
            newTimers.add(new Timer(System.nanoTime() + delayNs, timerOrder++, action));
        }
        selector.wakeup();
    }

    /** Drives {@code target} until it is finished. */
    void run(Target target) throws IOException {
        long nextTick = System.nanoTime();
        while (!target.finished()) {
            long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime()));
            selector.select(waitMs);
            long now = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                MediumChannel ch = (MediumChannel) key.attachment();
                // Drain everything queued so a burst cannot delay heartbeats by a tick each.
                while (ch.receive(buf)) {
                    int len = buf.remaining();
                    buf.get(bytes, 0, len);
                    target.onDatagram(bytes, len, ch.name(), now);
                }
            }
            selector.selectedKeys().clear();
            for (LongConsumer a; (a = posted.poll()) != null; ) {
                a.accept(System.nanoTime());
            }
            for (Timer t; (t = newTimers.poll()) != null; ) {
                timers.add(t);
            }
            now = System.nanoTime();
            while (!timers.isEmpty() && timers.peek().dueNs - now <= 0) {
                timers.poll().action().accept(now);
            }
            if (now - nextTick >= 0) {
                target.onTick(now);
                nextTick = now + TICK_NS;
            }
        }
    }

    void close() throws IOException {
        selector.close();
    }
}
