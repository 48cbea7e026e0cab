package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * ARP for IPv4 over Ethernet (RFC 826), and the frames a director sends: the answer to "who has
 * VIP", requests, and gratuitous ARP announcing a taken-over VIP. IPv4 addresses are ints in network
 * order (10.0.0.1 is 0x0A000001). See {@link Flyweight} for the access and thread-safety rules.
 */
public final class ArpPacket extends Flyweight {
    /** Length of an Ethernet/IPv4 ARP packet in bytes. */
    public static final int LENGTH = 28;
    /** Length of a whole untagged ARP frame (no padding) in bytes. */
    public static final int FRAME_LENGTH = EthernetFrame.HEADER_LENGTH + LENGTH;
    public static final int HARDWARE_ETHERNET = 1;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    /** Points this view at the ARP packet (the Ethernet payload) starting at {@code offset}. */
    public ArpPacket wrap(MemorySegment segment, int offset) {
        bind(segment, offset);
        return this;
    }

    /** Hardware type: 1 for Ethernet. */
    public int hardwareType() {
        return u16(0);
    }

    /** Protocol type: 0x0800 for IPv4. */
    public int protocolType() {
        return u16(2);
    }

    /** Hardware address length in bytes (6 for Ethernet). */
    public int hardwareLength() {
        return u8(4);
    }

    /** Protocol address length in bytes (4 for IPv4). */
    public int protocolLength() {
        return u8(5);
    }

    /** {@link #OP_REQUEST} or {@link #OP_REPLY}. */
    public int operation() {
        return u16(6);
    }

    /** Sender hardware address. */
    public long senderMac() {
        return Bytes.mac(segment(), offset() + 8);
    }

    /** Sender IPv4 address. */
    public int senderIp() {
        return i32(14);
    }

    /** Target hardware address (zero in a request). */
    public long targetMac() {
        return Bytes.mac(segment(), offset() + 18);
    }

    /** Target IPv4 address: in a request, the address asked about. */
    public int targetIp() {
        return i32(24);
    }

    /** Whether this is the Ethernet/IPv4 flavour with a known operation, the only one handled. */
    public boolean isEthernetIpv4() {
        int op = operation();
        return hardwareType() == HARDWARE_ETHERNET && protocolType() == EthernetFrame.TYPE_IPV4
                && hardwareLength() == 6 && protocolLength() == 4 && (op == OP_REQUEST || op == OP_REPLY);
    }

    /**
     * Writes a whole untagged ARP frame at {@code offset}.
     *
     * @return the frame length in bytes ({@link #FRAME_LENGTH})
     */
    public static int writeFrame(MemorySegment s, int offset, long ethernetDestination, int operation,
            long senderMac, int senderIp, long targetMac, int targetIp) {
        int a = offset + EthernetFrame.writeHeader(s, offset, ethernetDestination, senderMac, EthernetFrame.NO_VLAN,
                EthernetFrame.TYPE_ARP);
        Bytes.put16(s, a, HARDWARE_ETHERNET);
        Bytes.put16(s, a + 2, EthernetFrame.TYPE_IPV4);
        Bytes.put8(s, a + 4, 6);
        Bytes.put8(s, a + 5, 4);
        Bytes.put16(s, a + 6, operation);
        Bytes.putMac(s, a + 8, senderMac);
        Bytes.put32(s, a + 14, senderIp);
        Bytes.putMac(s, a + 18, targetMac);
        Bytes.put32(s, a + 24, targetIp);
        return FRAME_LENGTH;
    }

    /** A broadcast "who has {@code targetIp}? tell {@code senderIp}". */
    public static int writeRequest(MemorySegment s, int offset, long senderMac, int senderIp, int targetIp) {
        return writeFrame(s, offset, MacAddress.BROADCAST, OP_REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp);
    }

    /**
     * The unicast answer to a request: "{@code senderIp} is at {@code senderMac}", sent to the asker
     * ({@code targetMac}, {@code targetIp}).
     */
    public static int writeReply(MemorySegment s, int offset, long senderMac, int senderIp, long targetMac,
            int targetIp) {
        return writeFrame(s, offset, targetMac, OP_REPLY, senderMac, senderIp, targetMac, targetIp);
    }

    /**
     * A broadcast gratuitous ARP for {@code ip} at {@code mac}: sender and target address both
     * {@code ip}. As a request it is an RFC 5227 ARP Announcement (target MAC zero, like
     * {@code arping -U}); as a reply the target MAC is the sender's own (like {@code arping -A}).
     * Neighbours update their caches from either; senders of VIP takeovers usually send both.
     */
    public static int writeGratuitous(MemorySegment s, int offset, long mac, int ip, boolean reply) {
        return reply
                ? writeFrame(s, offset, MacAddress.BROADCAST, OP_REPLY, mac, ip, mac, ip)
                : writeFrame(s, offset, MacAddress.BROADCAST, OP_REQUEST, mac, ip, MacAddress.ZERO, ip);
    }
}
