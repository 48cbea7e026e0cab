package org.jvs.director.dataplane;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.IntPredicate;
import org.jvs.director.route.NeighbourCache;
import org.jvs.packet.ArpPacket;
import org.jvs.packet.Checksum;
import org.jvs.packet.NeighborDiscovery;
import org.jvs.packet.ParsedFrame;

/**
 * The next hop's MAC address for a frame the data plane sends, as the kernel's neighbour layer finds
 * it: the {@link NeighbourCache}, then (IPv4) the kernel's own table, then a probe — an ARP request
 * or an IPv6 neighbor solicitation, at most one a second per address — while the frame waits in
 * {@link PendingFrames} until the answer arrives. Learns from the ARP and Neighbor Discovery frames
 * the data plane sees. Data-plane thread only; allocates nothing per frame.
 */
final class NeighbourResolver {
    /** Where the neighbour cache turns on an IPv4 miss (the kernel's ARP table in production). */
    interface NeighbourSource {
        void seed(NeighbourCache cache, long nowNs) throws IOException;
    }

    /** Unknown neighbours are looked up in the kernel's ARP table at most this often. */
    private static final long SEED_INTERVAL_NS = 200_000_000L;

    private final NeighbourCache cache;
    private final NeighbourSource source;
    private final Transmitter transmitter;
    /** Frames whose next hop is being resolved; 32 of the largest size, as the kernel's unres_qlen. */
    private final PendingFrames pending;
    /** Where probes are built: a virtio header, then the ARP or solicitation frame. */
    private final MemorySegment probe = Arena.ofAuto().allocate(
            VirtioNetHeader.LENGTH + Math.max(ArpPacket.FRAME_LENGTH, NeighborDiscovery.SOLICITATION_FRAME_LENGTH), 64);
    private long seededNs = Long.MIN_VALUE / 2;

    NeighbourResolver(NeighbourCache cache, NeighbourSource source, Transmitter transmitter, int largestFrame) {
        this.cache = cache;
        this.source = source;
        this.transmitter = transmitter;
        this.pending = new PendingFrames(32, largestFrame);
    }

    /** The MAC of the IPv4 next hop {@code address} on {@code out}, or UNKNOWN after asking for it with ARP. */
    long resolveV4(Link out, int address, IntPredicate isVip, long nowNs) throws IOException {
        long mac = cache.lookup(address, nowNs);
        if (mac != NeighbourCache.UNKNOWN) {
            return mac;
        }
        if (nowNs - seededNs > SEED_INTERVAL_NS) {
            seededNs = nowNs;
            source.seed(cache, nowNs);
            mac = cache.lookup(address, nowNs);
            if (mac != NeighbourCache.UNKNOWN) {
                return mac;
            }
        }
        if (pending.shouldProbe(0, NeighbourCache.mappedV4(address), nowNs)) {
            VirtioNetHeader.clear(probe, 0);
            int len = ArpPacket.writeRequest(probe, VirtioNetHeader.LENGTH, out.mac, out.sourceFor(address, isVip), address);
            transmitter.send(out.slot, probe, 0, VirtioNetHeader.LENGTH + len);
        }
        return NeighbourCache.UNKNOWN;
    }

    /**
     * The MAC of the IPv6 next hop {@code high:low} on {@code out}, or UNKNOWN after soliciting it.
     * The kernel's IPv6 neighbours are not readable from /proc, so a miss is always asked on the wire.
     */
    long resolveV6(Link out, long high, long low, Link.Ipv6Predicate isVip, long nowNs) throws IOException {
        long mac = cache.lookup(high, low, nowNs);
        if (mac != NeighbourCache.UNKNOWN) {
            return mac;
        }
        int from = out.sourceForV6(high, low, isVip);
        if (from >= 0 && pending.shouldProbe(high, low, nowNs)) {
            VirtioNetHeader.clear(probe, 0);
            int len = NeighborDiscovery.writeSolicitation(probe, VirtioNetHeader.LENGTH, out.mac, out.v6High(from),
                    out.v6Low(from), high, low);
            transmitter.send(out.slot, probe, 0, VirtioNetHeader.LENGTH + len);
        }
        return NeighbourCache.UNKNOWN;
    }

    /** Keeps a frame (virtio header at {@code at}) until the next hop {@code high:low} answers; see {@link PendingFrames#hold}. */
    void hold(long high, long low, int slot, MemorySegment buffer, long at, int length, long nowNs) {
        pending.hold(high, low, slot, buffer, at, length, nowNs);
    }

    /** Learns the sender of an ARP packet and sends what waited for it. */
    void learn(ArpPacket arp, long nowNs, PendingFrames.Sender sender) throws IOException {
        if (arp.isEthernetIpv4()) {
            cache.learn(arp.senderIp(), arp.senderMac(), nowNs);
            pending.release(0, NeighbourCache.mappedV4(arp.senderIp()), arp.senderMac(), nowNs, sender);
        }
    }

    /**
     * Learns from a neighbor solicitation (its source, when it names its link address) or
     * advertisement (its target) and sends what waited for that address. Messages with a bad
     * checksum are ignored, as the kernel ignores them.
     */
    void learn(ParsedFrame f, long nowNs, PendingFrames.Sender sender) throws IOException {
        long mac = NeighborDiscovery.linkAddress(f);
        if (mac == NeighborDiscovery.NONE || !Checksum.transportValid(f)) {
            return;
        }
        long high;
        long low;
        if (NeighborDiscovery.type(f) == NeighborDiscovery.NEIGHBOR_ADVERTISEMENT) {
            high = NeighborDiscovery.targetHigh(f);
            low = NeighborDiscovery.targetLow(f);
        } else {
            high = f.ipv6().sourceHigh();
            low = f.ipv6().sourceLow();
        }
        cache.learn(high, low, mac, nowNs);
        pending.release(high, low, mac, nowNs, sender);
    }

    /** Frames dropped while waiting: pool full, frame too big, or a neighbour that never answered. */
    long dropped() {
        return pending.dropped();
    }
}
