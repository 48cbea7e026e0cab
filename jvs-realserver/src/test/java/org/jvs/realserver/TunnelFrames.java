package org.jvs.realserver;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.jvs.packet.Checksum;
import org.jvs.packet.Encapsulation;
import org.jvs.packet.EthernetFrame;
import org.jvs.packet.IpProtocol;
import org.jvs.packet.Ipv4Header;
import org.jvs.packet.TcpHeader;

/**
 * Tunnel frames as a director sends them (the tutorial's TUN addresses): a client's TCP segment to the
 * VIP, encapsulated by {@link Encapsulation} toward the real server, behind an Ethernet header.
 */
final class TunnelFrames {
    static final int CLIENT = address(192, 168, 122, 50);
    static final int VIP = address(192, 168, 122, 100);
    static final int DIP = address(192, 168, 122, 11);
    static final int RIP = address(192, 168, 122, 22);
    static final int GUE_PORT = 6080;
    /** Where the inner packet is built: room for Ethernet, outer IPv4, UDP and GUE in front. */
    static final int INNER_AT = 128;
    private static final long RS_MAC = 0x02_00_00_00_00_22L;
    private static final long DIRECTOR_MAC = 0x02_00_00_00_00_11L;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private TunnelFrames() {
    }

    static int address(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    static MemorySegment buffer() {
        return Arena.ofAuto().allocate(4096, 64);
    }

    /**
     * Writes at {@link #INNER_AT} a client's TCP segment to VIP:80 with {@code payload} bytes, its
     * checksum complete, or only the pseudo-header sum as a sender using checksum offload leaves it.
     *
     * @return the inner packet's length
     */
    static int clientSegment(MemorySegment s, int payload, int tos, boolean partialChecksum) {
        int tcpLength = TcpHeader.MIN_LENGTH + payload;
        int total = Ipv4Header.MIN_LENGTH + tcpLength;
        Ipv4Header.write(s, INNER_AT, tos, total, 4321, true, 63, IpProtocol.TCP, CLIENT, VIP);
        int tcp = INNER_AT + Ipv4Header.MIN_LENGTH;
        s.set(U16, tcp, (short) 40_000);
        s.set(U16, tcp + 2, (short) 80);
        s.set(U32, tcp + 4, 1_000_000);
        s.set(U32, tcp + 8, 0);
        s.set(U16, tcp + 12, (short) (5 << 12 | TcpHeader.PSH | TcpHeader.ACK));
        s.set(U16, tcp + 14, (short) 64_240);
        s.set(U16, tcp + TcpHeader.CHECKSUM_OFFSET, (short) 0);
        s.set(U16, tcp + 18, (short) 0);
        for (int i = 0; i < payload; i++) {
            s.set(ValueLayout.JAVA_BYTE, tcp + TcpHeader.MIN_LENGTH + i, (byte) ('a' + i % 26));
        }
        int pseudo = Checksum.pseudoHeaderV4(CLIENT, VIP, IpProtocol.TCP, tcpLength);
        int field = partialChecksum ? pseudo : ~Checksum.sum(s, tcp, tcpLength, pseudo) & 0xFFFF;
        s.set(U16, tcp + TcpHeader.CHECKSUM_OFFSET, (short) field);
        return total;
    }

    /** Encapsulates the inner packet in IPIP to {@code destination}; returns the Ethernet frame's offset. */
    static int ipip(MemorySegment s, int destination) {
        return ethernet(s, Encapsulation.ipipV4(s, INNER_AT, DIP, destination, 7, true));
    }

    /** Encapsulates the inner packet in GUE to {@code destination}:{@code port}; returns the frame offset. */
    static int gue(MemorySegment s, int destination, int port) {
        return ethernet(s, Encapsulation.gueV4(s, INNER_AT, DIP, destination, 7, true,
                Encapsulation.flowSourcePort(12345), port, false));
    }

    private static int ethernet(MemorySegment s, int outer) {
        int frame = outer - EthernetFrame.HEADER_LENGTH;
        EthernetFrame.writeHeader(s, frame, RS_MAC, DIRECTOR_MAC, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV4);
        return frame;
    }

    /** Sets the outer IPv4 header's flags and fragment offset word, keeping its checksum valid. */
    static void setOuterFragmentWord(MemorySegment s, int frame, int word) {
        int l3 = frame + EthernetFrame.HEADER_LENGTH;
        s.set(U16, l3 + 6, (short) word);
        new Ipv4Header().wrap(s, l3).fillChecksum();
    }

    /** Where a frame at {@code frame} ends, from its (outer) IPv4 total length. */
    static int frameEnd(MemorySegment s, int frame) {
        int l3 = frame + EthernetFrame.HEADER_LENGTH;
        return l3 + (s.get(U16, l3 + 2) & 0xFFFF);
    }

    /** Whether the TCP checksum of the IPv4 packet at {@code at} verifies. */
    static boolean tcpChecksumValid(MemorySegment s, int at) {
        int total = s.get(U16, at + 2) & 0xFFFF;
        return Checksum.transportSum(s, 4, at, IpProtocol.TCP, at + Ipv4Header.MIN_LENGTH,
                total - Ipv4Header.MIN_LENGTH) == Checksum.VALID_SUM;
    }
}
