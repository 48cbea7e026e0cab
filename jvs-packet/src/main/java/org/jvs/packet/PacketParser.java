package org.jvs.packet;

import static org.jvs.packet.ParseStatus.BAD_ARP;
import static org.jvs.packet.ParseStatus.BAD_EXTENSION_HEADER;
import static org.jvs.packet.ParseStatus.BAD_HEADER_LENGTH;
import static org.jvs.packet.ParseStatus.BAD_ICMP_QUOTE;
import static org.jvs.packet.ParseStatus.BAD_IPV4_CHECKSUM;
import static org.jvs.packet.ParseStatus.BAD_IP_OPTIONS;
import static org.jvs.packet.ParseStatus.BAD_IP_VERSION;
import static org.jvs.packet.ParseStatus.BAD_L4_CHECKSUM;
import static org.jvs.packet.ParseStatus.BAD_L4_HEADER;
import static org.jvs.packet.ParseStatus.BAD_TOTAL_LENGTH;
import static org.jvs.packet.ParseStatus.FRAGMENT;
import static org.jvs.packet.ParseStatus.OK;
import static org.jvs.packet.ParseStatus.TRUNCATED;
import static org.jvs.packet.ParseStatus.UNSUPPORTED_ETHER_TYPE;
import static org.jvs.packet.ParseStatus.UNSUPPORTED_PROTOCOL;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Validates an Ethernet frame in one pass and classifies it into a {@link ParsedFrame}: Ethernet with
 * at most one 802.1Q tag; ARP; IPv4 (length, header checksum, options, fragments); IPv6 with its
 * extension headers (hop-by-hop, routing, fragment, destination options, AH); TCP, UDP, ICMP and
 * ICMPv6, including the datagram quoted by an ICMP error; IPIP, IPv6-in-IP and GRE payloads. Malformed
 * input never throws: the result is a {@link ParseStatus} drop reason. Only out-of-range
 * {@code offset}/{@code length} arguments (a caller bug) throw IndexOutOfBoundsException.
 *
 * <p>Transport checksums are verified when the parser is built to verify them, except for first
 * fragments (the checksum covers bytes not in the frame). Frames whose checksum the kernel left
 * partial (AF_PACKET {@code TP_STATUS_CSUMNOTREADY}) must be parsed by a non-verifying parser and then
 * finished with {@link Checksum#fillTransport}.
 *
 * <p>Stateless after construction: one parser may be shared by threads, each with its own
 * {@link ParsedFrame}. Never allocates.
 */
public final class PacketParser {
    /** More extension headers than this is an attack or garbage, not a real packet. */
    private static final int MAX_EXTENSION_HEADERS = 8;

    private final boolean verifyTransportChecksums;

    /** @param verifyTransportChecksums whether TCP, UDP, ICMP and ICMPv6 checksums are checked */
    public PacketParser(boolean verifyTransportChecksums) {
        this.verifyTransportChecksums = verifyTransportChecksums;
    }

    /**
     * Parses the {@code length}-byte frame at {@code offset} of {@code frame} into {@code out}.
     *
     * @return {@link ParseStatus#OK}, or the reason to drop the frame
     */
    public ParseStatus parse(MemorySegment frame, int offset, int length, ParsedFrame out) {
        Objects.checkFromIndexSize(offset, length, frame.byteSize());
        out.reset(frame, offset, length);
        if (length < EthernetFrame.HEADER_LENGTH) {
            return TRUNCATED;
        }
        int end = offset + length;
        int type = Bytes.u16(frame, offset + 12);
        int l3 = offset + EthernetFrame.HEADER_LENGTH;
        if (type == EthernetFrame.TYPE_VLAN) {
            if (length < EthernetFrame.HEADER_LENGTH + EthernetFrame.VLAN_TAG_LENGTH) {
                return TRUNCATED;
            }
            out.vlanTci = Bytes.u16(frame, offset + 14);
            type = Bytes.u16(frame, offset + 16);
            l3 += EthernetFrame.VLAN_TAG_LENGTH;
        }
        out.etherType = type;
        out.l3Offset = l3;
        return switch (type) {
            case EthernetFrame.TYPE_IPV4 -> parseIpv4(frame, l3, end, out);
            case EthernetFrame.TYPE_IPV6 -> parseIpv6(frame, l3, end, out);
            case EthernetFrame.TYPE_ARP -> parseArp(frame, l3, end, out);
            default -> UNSUPPORTED_ETHER_TYPE;
        };
    }

    private static ParseStatus parseArp(MemorySegment s, int l3, int end, ParsedFrame out) {
        if (end - l3 < ArpPacket.LENGTH) {
            return TRUNCATED;
        }
        if (!out.arp().wrap(s, l3).isEthernetIpv4()) {
            return BAD_ARP;
        }
        out.l3Length = ArpPacket.LENGTH;
        return OK;
    }

    private ParseStatus parseIpv4(MemorySegment s, int l3, int end, ParsedFrame out) {
        if (end - l3 < Ipv4Header.MIN_LENGTH) {
            return TRUNCATED;
        }
        int versionIhl = Bytes.u8(s, l3);
        if (versionIhl >>> 4 != 4) {
            return BAD_IP_VERSION;
        }
        int ihl = (versionIhl & 0x0F) * 4;
        if (ihl < Ipv4Header.MIN_LENGTH) {
            return BAD_HEADER_LENGTH;
        }
        if (end - l3 < ihl) {
            return TRUNCATED;
        }
        int total = Bytes.u16(s, l3 + 2);
        if (total < ihl || total > end - l3) {
            return BAD_TOTAL_LENGTH;
        }
        if (Checksum.sum(s, l3, ihl, 0) != Checksum.VALID_SUM) {
            return BAD_IPV4_CHECKSUM;
        }
        if (!optionsValid(s, l3 + Ipv4Header.MIN_LENGTH, l3 + ihl)) {
            return BAD_IP_OPTIONS;
        }
        int fragmentWord = Bytes.u16(s, l3 + 6);
        if ((fragmentWord & Ipv4Header.OFFSET_MASK) != 0) {
            return FRAGMENT;
        }
        out.ipVersion = 4;
        out.l3Length = total;
        out.ipv4().wrap(s, l3);
        if ((fragmentWord & Ipv4Header.FLAG_MF) != 0) {
            out.fragment = true;
            out.fragmentId = Bytes.u16(s, l3 + 4);
        }
        return parseTransport(s, out, Bytes.u8(s, l3 + 9), l3 + ihl, l3 + total);
    }

    /** Option kinds 0 (end) and 1 (no-op) are one byte; every other option carries its length. */
    private static boolean optionsValid(MemorySegment s, int from, int to) {
        int at = from;
        while (at < to) {
            int kind = Bytes.u8(s, at);
            if (kind == 0) {
                return true;
            }
            if (kind == 1) {
                at++;
                continue;
            }
            if (to - at < 2) {
                return false;
            }
            int length = Bytes.u8(s, at + 1);
            if (length < 2 || length > to - at) {
                return false;
            }
            at += length;
        }
        return true;
    }

    private ParseStatus parseIpv6(MemorySegment s, int l3, int end, ParsedFrame out) {
        if (end - l3 < Ipv6Header.LENGTH) {
            return TRUNCATED;
        }
        if (Bytes.u8(s, l3) >>> 4 != 6) {
            return BAD_IP_VERSION;
        }
        int payload = Bytes.u16(s, l3 + 4);
        if (payload > end - l3 - Ipv6Header.LENGTH) {
            return BAD_TOTAL_LENGTH;
        }
        out.ipVersion = 6;
        out.l3Length = Ipv6Header.LENGTH + payload;
        out.ipv6().wrap(s, l3);
        int datagramEnd = l3 + Ipv6Header.LENGTH + payload;
        ParseStatus walked = walkIpv6(s, l3, datagramEnd, false, out);
        if (walked != OK) {
            return walked;
        }
        return parseTransport(s, out, out.l4Protocol, out.l4Offset, datagramEnd);
    }

    /**
     * Follows the extension-header chain of the IPv6 header at {@code l3} up to {@code end}. Sets the
     * transport protocol and offset (of the datagram, or with {@code quoted} of an ICMPv6 error's
     * quote, where every failure is {@link ParseStatus#BAD_ICMP_QUOTE}).
     */
    private static ParseStatus walkIpv6(MemorySegment s, int l3, int end, boolean quoted, ParsedFrame out) {
        int next = Bytes.u8(s, l3 + 6);
        int at = l3 + Ipv6Header.LENGTH;
        for (int count = 0; isExtensionHeader(next); count++) {
            if (count == MAX_EXTENSION_HEADERS || (next == IpProtocol.HOP_BY_HOP && count > 0)) {
                return quoted ? BAD_ICMP_QUOTE : BAD_EXTENSION_HEADER;
            }
            if (end - at < 8) {
                return quoted ? BAD_ICMP_QUOTE : TRUNCATED;
            }
            int length;
            if (next == IpProtocol.FRAGMENT) {
                int word = Bytes.u16(s, at + 2);
                if ((word & 0xFFF8) != 0) {
                    return quoted ? BAD_ICMP_QUOTE : FRAGMENT;
                }
                // M clear with offset zero is an atomic fragment (RFC 6946): a whole datagram.
                if (!quoted && (word & 1) != 0) {
                    out.fragment = true;
                    out.fragmentId = Bytes.i32(s, at + 4) & 0xFFFF_FFFFL;
                }
                length = 8;
            } else if (next == IpProtocol.AH) {
                length = (Bytes.u8(s, at + 1) + 2) * 4;
            } else {
                length = (Bytes.u8(s, at + 1) + 1) * 8;
            }
            next = Bytes.u8(s, at);
            at += length;
            if (at > end) {
                return quoted ? BAD_ICMP_QUOTE : TRUNCATED;
            }
        }
        if (quoted) {
            out.innerProtocol = next;
            out.innerL4Offset = at;
        } else {
            out.l4Protocol = next;
            out.l4Offset = at;
        }
        return OK;
    }

    private static boolean isExtensionHeader(int next) {
        return next == IpProtocol.HOP_BY_HOP || next == IpProtocol.ROUTING || next == IpProtocol.FRAGMENT
                || next == IpProtocol.DESTINATION_OPTIONS || next == IpProtocol.AH;
    }

    private ParseStatus parseTransport(MemorySegment s, ParsedFrame out, int protocol, int l4, int end) {
        out.l4Protocol = protocol;
        out.l4Offset = l4;
        out.l4Length = end - l4;
        boolean verify = verifyTransportChecksums && !out.fragment;
        return switch (protocol) {
            case IpProtocol.TCP -> parseTcp(s, out, l4, end, verify);
            case IpProtocol.UDP -> parseUdp(s, out, l4, end, verify);
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> parseIcmp(s, out, protocol, l4, end, verify);
            // Tunnel payloads: the inner packet is parsed again after decapsulation.
            case IpProtocol.IPIP, IpProtocol.IPV6, IpProtocol.GRE -> OK;
            default -> UNSUPPORTED_PROTOCOL;
        };
    }

    private static ParseStatus parseTcp(MemorySegment s, ParsedFrame out, int l4, int end, boolean verify) {
        if (end - l4 < TcpHeader.MIN_LENGTH) {
            return TRUNCATED;
        }
        int dataOffset = (Bytes.u8(s, l4 + 12) >>> 4) * 4;
        if (dataOffset < TcpHeader.MIN_LENGTH || dataOffset > end - l4) {
            return BAD_L4_HEADER;
        }
        out.tcp().wrap(s, l4);
        setPorts(s, out, l4);
        return verify && !Checksum.transportValid(out) ? BAD_L4_CHECKSUM : OK;
    }

    private static ParseStatus parseUdp(MemorySegment s, ParsedFrame out, int l4, int end, boolean verify) {
        if (end - l4 < UdpHeader.LENGTH) {
            return TRUNCATED;
        }
        int udpLength = Bytes.u16(s, l4 + 4);
        // A first fragment holds only part of what the UDP length announces.
        if (udpLength < UdpHeader.LENGTH || (!out.fragment && udpLength > end - l4)) {
            return BAD_L4_HEADER;
        }
        out.udp().wrap(s, l4);
        setPorts(s, out, l4);
        return verify && !Checksum.transportValid(out) ? BAD_L4_CHECKSUM : OK;
    }

    private static ParseStatus parseIcmp(MemorySegment s, ParsedFrame out, int protocol, int l4, int end,
            boolean verify) {
        boolean v4 = protocol == IpProtocol.ICMP;
        if (v4 != (out.ipVersion == 4)) {
            return UNSUPPORTED_PROTOCOL;
        }
        if (end - l4 < IcmpHeader.LENGTH) {
            return TRUNCATED;
        }
        if (verify && !Checksum.transportValid(out)) {
            return BAD_L4_CHECKSUM;
        }
        int type;
        if (v4) {
            type = out.icmp().wrap(s, l4).type();
            if (!IcmpHeader.quotesDatagram(type)) {
                return OK;
            }
            return parseQuoteV4(s, out, l4 + IcmpHeader.LENGTH, end);
        }
        type = out.icmpv6().wrap(s, l4).type();
        if (!Icmpv6Header.quotesPacket(type)) {
            return OK;
        }
        return parseQuoteV6(s, out, l4 + Icmpv6Header.LENGTH, end);
    }

    /** RFC 792: the quote is the datagram's IP header and at least its first 8 data bytes. */
    private static ParseStatus parseQuoteV4(MemorySegment s, ParsedFrame out, int quote, int end) {
        if (end - quote < Ipv4Header.MIN_LENGTH) {
            return BAD_ICMP_QUOTE;
        }
        int versionIhl = Bytes.u8(s, quote);
        int ihl = (versionIhl & 0x0F) * 4;
        if (versionIhl >>> 4 != 4 || ihl < Ipv4Header.MIN_LENGTH || end - quote < ihl + 8) {
            return BAD_ICMP_QUOTE;
        }
        // Only a first fragment (or a whole datagram) carries the ports that name a connection.
        if (Bytes.u16(s, quote + 2) < ihl || (Bytes.u16(s, quote + 6) & Ipv4Header.OFFSET_MASK) != 0) {
            return BAD_ICMP_QUOTE;
        }
        out.innerIpv4().wrap(s, quote);
        out.innerProtocol = Bytes.u8(s, quote + 9);
        out.innerL4Offset = quote + ihl;
        setQuote(s, out, quote);
        return OK;
    }

    private static ParseStatus parseQuoteV6(MemorySegment s, ParsedFrame out, int quote, int end) {
        if (end - quote < Ipv6Header.LENGTH || Bytes.u8(s, quote) >>> 4 != 6) {
            return BAD_ICMP_QUOTE;
        }
        ParseStatus walked = walkIpv6(s, quote, end, true, out);
        if (walked != OK) {
            return walked;
        }
        if (end - out.innerL4Offset < 8) {
            return BAD_ICMP_QUOTE;
        }
        out.innerIpv6().wrap(s, quote);
        setQuote(s, out, quote);
        return OK;
    }

    private static void setPorts(MemorySegment s, ParsedFrame out, int l4) {
        out.sourcePort = Bytes.u16(s, l4);
        out.destinationPort = Bytes.u16(s, l4 + 2);
    }

    private static void setQuote(MemorySegment s, ParsedFrame out, int quote) {
        out.icmpError = true;
        out.innerL3Offset = quote;
        int at = out.innerL4Offset;
        if (out.innerProtocol == IpProtocol.TCP || out.innerProtocol == IpProtocol.UDP) {
            out.innerSourcePort = Bytes.u16(s, at);
            out.innerDestinationPort = Bytes.u16(s, at + 2);
        }
    }
}
