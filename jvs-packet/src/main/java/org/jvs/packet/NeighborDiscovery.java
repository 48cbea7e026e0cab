package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * IPv6 Neighbor Discovery (RFC 4861) as far as a forwarder needs it: writing a Neighbor Solicitation
 * for a next hop whose link-layer address is unknown, and reading the address a Neighbor
 * Solicitation or Advertisement carries — what ARP is for IPv4. Static methods over a parsed frame
 * or a buffer; allocation-free.
 */
public final class NeighborDiscovery {
    public static final int NEIGHBOR_SOLICITATION = 135;
    public static final int NEIGHBOR_ADVERTISEMENT = 136;
    /** Option: source link-layer address. */
    public static final int OPTION_SOURCE_LINK_ADDRESS = 1;
    /** Option: target link-layer address. */
    public static final int OPTION_TARGET_LINK_ADDRESS = 2;
    /** NDP messages are sent, and accepted only, with this hop limit (RFC 4861 7.1.1). */
    public static final int HOP_LIMIT = 255;
    /** ICMPv6 header, reserved/flags word, target address. */
    private static final int MESSAGE_LENGTH = 24;
    private static final int LINK_OPTION_LENGTH = 8;
    /** Bytes of the solicitation frame {@link #writeSolicitation} builds. */
    public static final int SOLICITATION_FRAME_LENGTH =
            EthernetFrame.HEADER_LENGTH + Ipv6Header.LENGTH + MESSAGE_LENGTH + LINK_OPTION_LENGTH;
    /** Returned by {@link #linkAddress} when the message names none. */
    public static final long NONE = -1L;

    private NeighborDiscovery() {
    }

    /**
     * Writes a Neighbor Solicitation for {@code target} at {@code offset}: to the target's
     * solicited-node multicast group, from {@code sourceMac} and the address {@code sourceHigh:sourceLow}
     * (which must not be unspecified: the answer comes back to it), with our link-layer address.
     *
     * @return the frame length in bytes ({@link #SOLICITATION_FRAME_LENGTH})
     */
    public static int writeSolicitation(MemorySegment s, int offset, long sourceMac, long sourceHigh, long sourceLow,
            long targetHigh, long targetLow) {
        // ff02::1:ffXX:XXXX with the target's last 24 bits; its MAC is 33:33 and the group's last 32 bits.
        long groupLow = 0x0000_0001_FF00_0000L | (targetLow & 0xFF_FFFFL);
        long groupMac = 0x3333_0000_0000L | (groupLow & 0xFFFF_FFFFL);
        int l3 = offset + EthernetFrame.writeHeader(s, offset, groupMac, sourceMac, EthernetFrame.NO_VLAN,
                EthernetFrame.TYPE_IPV6);
        int icmpLength = MESSAGE_LENGTH + LINK_OPTION_LENGTH;
        Ipv6Header.write(s, l3, 0, icmpLength, IpProtocol.ICMPV6, HOP_LIMIT, sourceHigh, sourceLow,
                0xFF02_0000_0000_0000L, groupLow);
        int l4 = l3 + Ipv6Header.LENGTH;
        Bytes.put8(s, l4, NEIGHBOR_SOLICITATION);
        Bytes.put8(s, l4 + 1, 0);
        Bytes.put16(s, l4 + 2, 0);
        Bytes.put32(s, l4 + 4, 0);
        Bytes.put64(s, l4 + 8, targetHigh);
        Bytes.put64(s, l4 + 16, targetLow);
        Bytes.put8(s, l4 + MESSAGE_LENGTH, OPTION_SOURCE_LINK_ADDRESS);
        Bytes.put8(s, l4 + MESSAGE_LENGTH + 1, 1);
        Bytes.putMac(s, l4 + MESSAGE_LENGTH + 2, sourceMac);
        int sum = Checksum.sum(s, l4, icmpLength, Checksum.pseudoHeaderV6(s, l3, IpProtocol.ICMPV6, icmpLength));
        Bytes.put16(s, l4 + 2, ~sum & 0xFFFF);
        return SOLICITATION_FRAME_LENGTH;
    }

    /**
     * Whether {@code f} is a well-formed solicitation or advertisement: ICMPv6 type 135/136, code 0,
     * hop limit 255 (so it cannot have been routed here), long enough for its target address.
     */
    public static boolean isNeighborMessage(ParsedFrame f) {
        if (f.ipVersion() != 6 || f.l4Protocol() != IpProtocol.ICMPV6 || f.l4Length() < MESSAGE_LENGTH) {
            return false;
        }
        int type = f.icmpv6().type();
        return (type == NEIGHBOR_SOLICITATION || type == NEIGHBOR_ADVERTISEMENT) && f.icmpv6().code() == 0
                && f.ipv6().hopLimit() == HOP_LIMIT;
    }

    /** The message type of a {@link #isNeighborMessage neighbor message}. */
    public static int type(ParsedFrame f) {
        return f.icmpv6().type();
    }

    /** First eight bytes of the target address of a neighbor message. */
    public static long targetHigh(ParsedFrame f) {
        return Bytes.i64(f.segment(), f.l4Offset() + 8);
    }

    /** Last eight bytes of the target address of a neighbor message. */
    public static long targetLow(ParsedFrame f) {
        return Bytes.i64(f.segment(), f.l4Offset() + 16);
    }

    /**
     * The link-layer address option of a neighbor message: the source's for a solicitation, the
     * target's for an advertisement; {@link #NONE} when absent or when an option is malformed (a
     * zero length, or running past the message).
     */
    public static long linkAddress(ParsedFrame f) {
        int wanted = type(f) == NEIGHBOR_SOLICITATION ? OPTION_SOURCE_LINK_ADDRESS : OPTION_TARGET_LINK_ADDRESS;
        MemorySegment s = f.segment();
        int end = f.l4Offset() + f.l4Length();
        int at = f.l4Offset() + MESSAGE_LENGTH;
        while (at + 2 <= end) {
            int length = Bytes.u8(s, at + 1) * 8;
            if (length == 0 || at + length > end) {
                return NONE;
            }
            if (Bytes.u8(s, at) == wanted && length >= LINK_OPTION_LENGTH) {
                return Bytes.mac(s, at + 2);
            }
            at += length;
        }
        return NONE;
    }
}
