package org.jvs.packet;

/**
 * What {@link PacketParser} decided about a frame: {@link #OK}, or why it must be dropped. Data-plane
 * code counts drops in an array indexed by {@link #ordinal()}.
 */
public enum ParseStatus {
    /** Well-formed: the {@link ParsedFrame} holds its classification. */
    OK,
    /** The frame ends before a header it announces does (Ethernet, tag, IP, extension or L4 header). */
    TRUNCATED,
    /** Neither IPv4, IPv6 nor ARP, or more than one VLAN tag. */
    UNSUPPORTED_ETHER_TYPE,
    /** ARP that is not Ethernet/IPv4 request or reply. */
    BAD_ARP,
    /** The IP version nibble disagrees with the ether type. */
    BAD_IP_VERSION,
    /** IPv4 IHL below 5 words. */
    BAD_HEADER_LENGTH,
    /** IP total (or payload) length shorter than the header or longer than the frame. */
    BAD_TOTAL_LENGTH,
    /** IPv4 header checksum does not verify. */
    BAD_IPV4_CHECKSUM,
    /** An IPv4 option's length runs past the header or is below 2. */
    BAD_IP_OPTIONS,
    /** IPv6 extension headers out of order (hop-by-hop not first) or too many of them. */
    BAD_EXTENSION_HEADER,
    /** A fragment other than the first: it carries no ports, so no connection can be found for it. */
    FRAGMENT,
    /** A transport the data plane does not handle (not TCP, UDP, ICMP, ICMPv6, IPIP or IPv6-in-IP). */
    UNSUPPORTED_PROTOCOL,
    /** TCP data offset below 5 words or past the packet; UDP length below 8 or past the packet. */
    BAD_L4_HEADER,
    /** TCP, UDP, ICMP or ICMPv6 checksum does not verify (only when the parser verifies them). */
    BAD_L4_CHECKSUM,
    /** An ICMP error whose quoted datagram is too short or malformed to name a connection. */
    BAD_ICMP_QUOTE;

    /** Whether the frame must be dropped. */
    public boolean isDrop() {
        return this != OK;
    }
}
