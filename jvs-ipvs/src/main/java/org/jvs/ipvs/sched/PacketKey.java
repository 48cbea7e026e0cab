package org.jvs.ipvs.sched;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;

/**
 * The fields of a packet that scheduling and connection lookup read: a mutable holder that a
 * data-plane thread fills once per packet and reuses, so nothing is allocated per packet.
 * Addresses are held as in {@link IpAddress} (IPv4 in the low 32 bits of {@code lo}). Not
 * thread-safe: one instance per thread.
 */
public final class PacketKey {
    public AddressFamily family = AddressFamily.INET;
    public Protocol protocol = Protocol.TCP;
    public long srcHi;
    public long srcLo;
    public int srcPort;
    public long dstHi;
    public long dstLo;
    public int dstPort;
    /** The packet's firewall mark, 0 when none. */
    public int fwmark;
    /** Monotonic time of the packet in nanoseconds (passed in, never read from a clock here). */
    public long nowNs;

    /** Fills an IPv4 key; addresses are host-order ints. Returns this. */
    public PacketKey setV4(Protocol protocol, int src, int srcPort, int dst, int dstPort, long nowNs) {
        this.family = AddressFamily.INET;
        this.protocol = protocol;
        this.srcHi = 0;
        this.srcLo = src & 0xFFFF_FFFFL;
        this.srcPort = srcPort;
        this.dstHi = 0;
        this.dstLo = dst & 0xFFFF_FFFFL;
        this.dstPort = dstPort;
        this.fwmark = 0;
        this.nowNs = nowNs;
        return this;
    }

    /** Fills an IPv6 key; each address as its first and last eight bytes. Returns this. */
    public PacketKey setV6(Protocol protocol, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort,
            long nowNs) {
        this.family = AddressFamily.INET6;
        this.protocol = protocol;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.srcPort = srcPort;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.dstPort = dstPort;
        this.fwmark = 0;
        this.nowNs = nowNs;
        return this;
    }

    /** Fills a key from address objects (tests and the control plane). Returns this. */
    public PacketKey set(Protocol protocol, IpAddress src, int srcPort, IpAddress dst, int dstPort, long nowNs) {
        this.family = src.family();
        this.protocol = protocol;
        this.srcHi = src.hi();
        this.srcLo = src.lo();
        this.srcPort = srcPort;
        this.dstHi = dst.hi();
        this.dstLo = dst.lo();
        this.dstPort = dstPort;
        this.fwmark = 0;
        this.nowNs = nowNs;
        return this;
    }

    /** The kernel's fold of the source address (IPv4 value or XOR of the IPv6 words). */
    public int srcFold() {
        return fold(srcHi, srcLo);
    }

    /** The kernel's fold of the destination address. */
    public int dstFold() {
        return fold(dstHi, dstLo);
    }

    private int fold(long hi, long lo) {
        if (family == AddressFamily.INET) {
            return (int) lo;
        }
        return (int) (hi >>> 32) ^ (int) hi ^ (int) (lo >>> 32) ^ (int) lo;
    }

    /** Allocates: for logs and tests only. */
    public IpAddress source() {
        return new IpAddress(family, srcHi, srcLo);
    }

    /** Allocates: for logs and tests only. */
    public IpAddress destination() {
        return new IpAddress(family, dstHi, dstLo);
    }
}
