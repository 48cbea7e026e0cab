package org.jvs.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Round-trip times of small UDP datagrams at a fixed, moderate rate, for what a forwarder adds per
 * packet: sends {@code COUNT} datagrams at {@code RATE} per second to an echo service, matches the
 * echoes by sequence number and prints the round trip's p50, p99 and p99.9 in microseconds and the
 * datagrams lost. Bounded: COUNT datagrams, then one second for the last echoes.
 *
 * <pre>java -cp benchmarks.jar org.jvs.bench.UdpRoundTrip HOST PORT RATE COUNT</pre>
 *
 * The echo side is {@link Echo}: {@code java -cp benchmarks.jar org.jvs.bench.UdpRoundTrip$Echo PORT COUNT}.
 */
public final class UdpRoundTrip {
    private static final int SIZE = 32;

    private UdpRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: UdpRoundTrip HOST PORT RATE COUNT");
            System.exit(2);
        }
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int rate = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        long[] sentAt = new long[count];
        long[] rtt = new long[count];
        Arrays.fill(rtt, -1);
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(target);
            // A blocking reader and a sleeping sender: neither spins, so the measurement takes
            // no CPU from the forwarder it measures.
            Thread reader = Thread.ofPlatform().daemon(true).start(() -> {
                ByteBuffer in = ByteBuffer.allocateDirect(SIZE);
                try {
                    while (true) {
                        in.clear();
                        if (channel.read(in) >= 4) {
                            long arrived = System.nanoTime();
                            int seq = in.getInt(0);
                            if (seq >= 0 && seq < count && rtt[seq] < 0 && sentAt[seq] != 0) {
                                rtt[seq] = arrived - sentAt[seq];
                            }
                        }
                    }
                } catch (java.io.IOException closed) {
                    // The channel closed: the run is over.
                }
            });
            ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int next = 0; next < count; next++) {
                long due = start + next * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                out.clear();
                out.putInt(0, next);
                sentAt[next] = System.nanoTime();
                channel.write(out);
            }
            Thread.sleep(1000);
        }
        long[] got = Arrays.stream(rtt).filter(t -> t >= 0).sorted().toArray();
        if (got.length == 0) {
            System.out.println("0 0 0 " + count);
            return;
        }
        System.out.printf("%.0f %.0f %.0f %d%n", percentile(got, 0.50), percentile(got, 0.99), percentile(got, 0.999),
                count - got.length);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }

    /** The echo service: returns each datagram to its sender, {@code COUNT} of them at most. */
    public static final class Echo {
        private Echo() {
        }

        public static void main(String[] args) throws Exception {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.bind(new InetSocketAddress(Integer.parseInt(args[0])));
                ByteBuffer b = ByteBuffer.allocateDirect(SIZE);
                for (long n = Long.parseLong(args[1]); n > 0; n--) {
                    b.clear();
                    var from = channel.receive(b);
                    b.flip();
                    channel.send(b, from);
                }
            }
        }
    }
}
