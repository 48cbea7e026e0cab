package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * The classification {@link PacketParser} gives a frame: where each layer starts, its lengths, the
 * transport ports, fragment information, and for ICMP errors the quoted datagram. It also owns one
 * flyweight per header, pointed at the right place by the parser, so the data plane reads and
 * rewrites headers without allocating. All offsets are absolute in {@link #segment()}, lengths in
 * bytes. Values are meaningful only after {@link PacketParser#parse} returned {@link ParseStatus#OK},
 * and a header's flyweight only when that header is present (e.g. {@link #tcp()} when
 * {@code l4Protocol() == IpProtocol.TCP}). Not thread-safe: one instance per data-plane thread,
 * reused for every frame.
 */
public final class ParsedFrame {
    /** Value of the port and offset accessors when there is no such thing. */
    public static final int NONE = -1;

    private final EthernetFrame ethernet = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();
    private final UdpHeader udp = new UdpHeader();
    private final IcmpHeader icmp = new IcmpHeader();
    private final Icmpv6Header icmpv6 = new Icmpv6Header();
    private final Ipv4Header innerIpv4 = new Ipv4Header();
    private final Ipv6Header innerIpv6 = new Ipv6Header();

    MemorySegment segment = MemorySegment.NULL;
    int frameOffset;
    int frameLength;
    int etherType;
    int vlanTci;
    int l3Offset;
    int l3Length;
    int ipVersion;
    int l4Protocol;
    int l4Offset;
    int l4Length;
    boolean fragment;
    long fragmentId;
    int sourcePort;
    int destinationPort;
    boolean icmpError;
    int innerL3Offset;
    int innerProtocol;
    int innerL4Offset;
    int innerSourcePort;
    int innerDestinationPort;

    void reset(MemorySegment s, int offset, int length) {
        segment = s;
        frameOffset = offset;
        frameLength = length;
        etherType = 0;
        vlanTci = EthernetFrame.NO_VLAN;
        l3Offset = NONE;
        l3Length = 0;
        ipVersion = 0;
        l4Protocol = NONE;
        l4Offset = NONE;
        l4Length = 0;
        fragment = false;
        fragmentId = 0;
        sourcePort = NONE;
        destinationPort = NONE;
        icmpError = false;
        innerL3Offset = NONE;
        innerProtocol = NONE;
        innerL4Offset = NONE;
        innerSourcePort = NONE;
        innerDestinationPort = NONE;
        ethernet.wrap(s, offset);
    }

    /** The segment holding the frame. */
    public MemorySegment segment() {
        return segment;
    }

    /** Offset of the frame's first byte in {@link #segment()}. */
    public int frameOffset() {
        return frameOffset;
    }

    /** Length of the frame as received, Ethernet padding included. */
    public int frameLength() {
        return frameLength;
    }

    /** Ether type of the payload (after the VLAN tag, if any). */
    public int etherType() {
        return etherType;
    }

    /** 802.1Q tag control information, or {@link EthernetFrame#NO_VLAN}. */
    public int vlanTci() {
        return vlanTci;
    }

    /** Offset of the ARP packet or IP header. */
    public int l3Offset() {
        return l3Offset;
    }

    /** Length of the IP datagram (IPv4 total length, or 40 + IPv6 payload length); 28 for ARP. */
    public int l3Length() {
        return l3Length;
    }

    /** Offset just past the IP datagram: where Ethernet padding, if any, begins. */
    public int l3End() {
        return l3Offset + l3Length;
    }

    /** 4 or 6, or 0 for ARP. */
    public int ipVersion() {
        return ipVersion;
    }

    /** Transport protocol ({@link IpProtocol}), after IPv6 extension headers; {@link #NONE} for ARP. */
    public int l4Protocol() {
        return l4Protocol;
    }

    /** Offset of the transport header (or of the inner IP header of IPIP / IPv6-in-IP). */
    public int l4Offset() {
        return l4Offset;
    }

    /** Bytes from {@link #l4Offset()} to the end of the datagram (of this fragment, if fragmented). */
    public int l4Length() {
        return l4Length;
    }

    /**
     * Whether this is the first fragment of a fragmented datagram (More Fragments set): its transport
     * header is present but its checksum covers bytes that are elsewhere. Later fragments are dropped
     * with {@link ParseStatus#FRAGMENT}.
     */
    public boolean isFragment() {
        return fragment;
    }

    /** The fragment identification (16 bits for IPv4, 32 for IPv6) when {@link #isFragment()}. */
    public long fragmentId() {
        return fragmentId;
    }

    /** TCP or UDP source port, else {@link #NONE}. */
    public int sourcePort() {
        return sourcePort;
    }

    /** TCP or UDP destination port, else {@link #NONE}. */
    public int destinationPort() {
        return destinationPort;
    }

    /** Whether this is an ICMP or ICMPv6 error quoting a datagram, parsed into the {@code inner} accessors. */
    public boolean isIcmpError() {
        return icmpError;
    }

    /** Offset of the quoted IP header of an ICMP error. */
    public int innerL3Offset() {
        return innerL3Offset;
    }

    /** Transport protocol of the quoted datagram. */
    public int innerProtocol() {
        return innerProtocol;
    }

    /** Offset of the quoted transport header (at least 8 bytes of it are present). */
    public int innerL4Offset() {
        return innerL4Offset;
    }

    /** Source port of a quoted TCP or UDP datagram, else {@link #NONE}. */
    public int innerSourcePort() {
        return innerSourcePort;
    }

    /** Destination port of a quoted TCP or UDP datagram, else {@link #NONE}. */
    public int innerDestinationPort() {
        return innerDestinationPort;
    }

    /** The Ethernet header. */
    public EthernetFrame ethernet() {
        return ethernet;
    }

    /** The ARP packet, when {@link #etherType()} is ARP. */
    public ArpPacket arp() {
        return arp;
    }

    /** The IPv4 header, when {@link #ipVersion()} is 4. */
    public Ipv4Header ipv4() {
        return ipv4;
    }

    /** The IPv6 fixed header, when {@link #ipVersion()} is 6. */
    public Ipv6Header ipv6() {
        return ipv6;
    }

    /** The TCP header, when {@link #l4Protocol()} is TCP. */
    public TcpHeader tcp() {
        return tcp;
    }

    /** The UDP header, when {@link #l4Protocol()} is UDP. */
    public UdpHeader udp() {
        return udp;
    }

    /** The ICMP header, when {@link #l4Protocol()} is ICMP. */
    public IcmpHeader icmp() {
        return icmp;
    }

    /** The ICMPv6 header, when {@link #l4Protocol()} is ICMPv6. */
    public Icmpv6Header icmpv6() {
        return icmpv6;
    }

    /** The quoted IPv4 header of an ICMP error. */
    public Ipv4Header innerIpv4() {
        return innerIpv4;
    }

    /** The quoted IPv6 header of an ICMPv6 error. */
    public Ipv6Header innerIpv6() {
        return innerIpv6;
    }
}
