package org.jvs.heartbeat.resource;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GratuitousArp} through iputils {@code arping}: for each pair an unsolicited request
 * ({@code -U}) and, half an interval later, a reply ({@code -A}), as heartbeat's send_arp sends
 * them. iputils arping takes whole-second intervals and lingers a second after its last packet, so
 * each frame is its own one-shot run started on schedule. Stands in until frames are sent from Java
 * through the packet module. Thread-safe.
 */
public final class ArpingAnnouncer implements GratuitousArp {
    private static final Logger LOG = LoggerFactory.getLogger(ArpingAnnouncer.class);
    private static final Duration ONE_SHOT_LIMIT = Duration.ofSeconds(5);
    private final CommandRunner runner;
    private final Map<Inet4Address, Thread> running = new ConcurrentHashMap<>();

    public ArpingAnnouncer(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public void announce(String device, Inet4Address address, int count, long intervalMs) {
        String ip = address.getHostAddress();
        Thread t = Thread.ofVirtual().name("garp-" + ip).unstarted(() -> {
            for (int i = 0; i < count && !Thread.currentThread().isInterrupted(); i++) {
                oneShot("-U", device, ip);
                sleep(intervalMs / 2);
                oneShot("-A", device, ip);
                sleep(intervalMs - intervalMs / 2);
            }
            running.remove(address, Thread.currentThread());
        });
        Thread previous = running.put(address, t);
        if (previous != null) {
            previous.interrupt();
        }
        t.start();
    }

    @Override
    public void cancel(Inet4Address address) {
        Thread t = running.remove(address);
        if (t != null) {
            t.interrupt();
        }
    }

    private void oneShot(String mode, String device, String ip) {
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            CommandRunner.Result r = runner.run(List.of("arping", "-q", mode, "-c", "1", "-I", device, ip),
                    ONE_SHOT_LIMIT);
            // arping exits 1 when nobody answers, which is normal for gratuitous ARP.
            if (r.exitCode() > 1) {
                LOG.warn("Could not send gratuitous ARP for {} on {}: {}", ip, device, r.stderr().strip());
            }
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
