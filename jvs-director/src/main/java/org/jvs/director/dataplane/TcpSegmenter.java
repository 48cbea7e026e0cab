package org.jvs.director.dataplane;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.jvs.packet.Checksum;
import org.jvs.packet.IpProtocol;
import org.jvs.packet.Ipv4Header;
import org.jvs.packet.Ipv6Header;
import org.jvs.packet.ParsedFrame;
import org.jvs.packet.TcpHeader;

/**
 * Cuts a TCP GSO super-frame (IPv4 or IPv6) into segments of at most {@code gso_size} payload bytes,
 * each a complete frame with its own IPv4 identification, sequence number, lengths and checksums — what
 * the kernel's tcp_gso_segment does. Needed where the kernel cannot segment for jvs: a frame that
 * leaves inside an IPIP tunnel (a virtio-net header cannot describe GSO under encapsulation).
 * Allocation-free; one per data-plane thread (it holds a flyweight).
 */
final class TcpSegmenter {
    private static final int FIN_PSH = TcpHeader.FIN | TcpHeader.PSH;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final Ipv4Header ip = new Ipv4Header();
    private final Ipv6Header ip6 = new Ipv6Header();

    /** How many segments {@code frame} (a parsed TCP super-frame) makes with this gso_size. */
    static int count(ParsedFrame frame, int gsoSize) {
        int payload = payloadLength(frame);
        return payload <= 0 || gsoSize <= 0 ? 1 : (payload + gsoSize - 1) / gsoSize;
    }

    /** The IP length of the largest segment. */
    static int segmentIpLength(ParsedFrame frame, int gsoSize) {
        return headerBytes(frame) - (frame.l3Offset() - frame.frameOffset()) + Math.min(gsoSize, payloadLength(frame));
    }

    /**
     * Writes segment {@code index} of {@code frame} as a complete Ethernet frame at {@code at} of
     * {@code dst}.
     *
     * @return the segment's frame length in bytes
     */
    int write(ParsedFrame frame, int gsoSize, int index, MemorySegment dst, int at) {
        MemorySegment src = frame.segment();
        int headers = headerBytes(frame);
        int payload = payloadLength(frame);
        int from = index * gsoSize;
        int length = Math.min(gsoSize, payload - from);
        MemorySegment.copy(src, frame.frameOffset(), dst, at, headers);
        MemorySegment.copy(src, frame.frameOffset() + headers + from, dst, at + headers, length);

        int l3 = at + frame.l3Offset() - frame.frameOffset();
        int l4 = at + frame.l4Offset() - frame.frameOffset();
        int tcpBytes = headers - (frame.l4Offset() - frame.frameOffset()) + length;
        int pseudoHeader;
        if (frame.ipVersion() == 4) {
            ip.wrap(dst, l3);
            ip.setTotalLength(l4 - l3 + tcpBytes);
            ip.setIdentification((frame.ipv4().identification() + index) & 0xFFFF);
            ip.fillChecksum();
            pseudoHeader = Checksum.pseudoHeaderV4(ip.source(), ip.destination(), IpProtocol.TCP, tcpBytes);
        } else {
            // Extension headers, if any, stay in every segment and count in its payload length.
            ip6.wrap(dst, l3).setPayloadLength(l4 - l3 - Ipv6Header.LENGTH + tcpBytes);
            pseudoHeader = Checksum.pseudoHeaderV6(dst, l3, IpProtocol.TCP, tcpBytes);
        }

        long seq = frame.tcp().sequence() + from;
        dst.set(BE32, l4 + 4, (int) seq);
        int flags = frame.tcp().flags();
        if (index < count(frame, gsoSize) - 1) {
            flags &= ~FIN_PSH;
        }
        if (index > 0) {
            flags &= ~TcpHeader.CWR;
        }
        dst.set(ValueLayout.JAVA_BYTE, l4 + 13, (byte) flags);
        dst.set(BE16, l4 + TcpHeader.CHECKSUM_OFFSET, (short) 0);
        int sum = Checksum.sum(dst, l4, tcpBytes, pseudoHeader);
        dst.set(BE16, l4 + TcpHeader.CHECKSUM_OFFSET, (short) ~sum);
        return headers + length;
    }

    /** Ethernet, IP and TCP headers, in bytes from the frame's start. */
    private static int headerBytes(ParsedFrame frame) {
        return frame.l4Offset() - frame.frameOffset() + frame.tcp().headerLength();
    }

    private static int payloadLength(ParsedFrame frame) {
        return frame.l3End() - frame.l4Offset() - frame.tcp().headerLength();
    }
}
