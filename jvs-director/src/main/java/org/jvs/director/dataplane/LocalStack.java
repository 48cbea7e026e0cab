package org.jvs.director.dataplane;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jvs.director.kernel.NftablesDiversion;
import org.jvs.netio.ErrnoException;
import org.jvs.netio.NetInterface;
import org.jvs.netio.TapDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way into the director's own IP stack for connections whose real server is this host (for
 * example ldirectord's {@code fallback=127.0.0.1:80 gate}). The kernel's IPVS hands such packets to
 * local input unchanged; jvs reads frames from packet sockets and the nftables diversion keeps the
 * kernel from taking VIP traffic itself, so the packets are written into a TUN device instead and
 * the kernel receives them from there as addressed (the diversion lets that device through). The
 * local server's replies leave through the kernel's routing as any locally sent packet does.
 * Data-plane thread only.
 */
final class LocalStack implements AutoCloseable {
    /** The TUN device's name; the nftables diversion accepts what arrives on it. */
    static final String DEVICE = NftablesDiversion.LOCAL_DEVICE;
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final TapDevice tun;

    private LocalStack(TapDevice tun) {
        this.tun = tun;
    }

    /** Creates the device in the calling thread's network namespace and brings it up. */
    static LocalStack open() throws IOException {
        TapDevice tun = TapDevice.openTun(DEVICE, true);
        try {
            NetInterface.setUp(DEVICE, true);
            // Packets from clients arrive here while the route back to them leaves elsewhere:
            // strict reverse-path filtering would drop every one of them.
            Path conf = Path.of("/proc/sys/net/ipv4/conf");
            Files.writeString(conf.resolve(DEVICE).resolve("rp_filter"), "0");
            if (Files.readString(conf.resolve("all/rp_filter")).trim().equals("1")) {
                LOG.warn("net.ipv4.conf.all.rp_filter=1 (strict) drops traffic that jvs delivers to real servers on"
                        + " this host; set it to 0 or 2 if you use one (e.g. a 127.0.0.1 fallback)");
            }
            return new LocalStack(tun);
        } catch (IOException | RuntimeException e) {
            tun.close();
            throw e;
        }
    }

    /**
     * Hands one IP packet, preceded by its virtio-net header, to the kernel.
     *
     * @return false when the kernel had no room (the packet is dropped)
     */
    boolean deliver(MemorySegment buffer, long offset, int length) throws ErrnoException {
        return tun.write(buffer, offset, length) != 0;
    }

    @Override
    public void close() throws ErrnoException {
        tun.close();
    }
}
