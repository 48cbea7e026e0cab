package org.jvs.packet;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Builds test frames as byte arrays with an independent, deliberately naive checksum (16-bit words
 * over byte[]), so tests do not use the code under test as their oracle.
 */
final class TestFrames {
    static final long CLIENT_MAC = 0x02_00_00_00_00_02L;
    static final long DIRECTOR_MAC = 0x02_00_00_00_00_01L;

    private TestFrames() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String hex(MemorySegment s, long offset, int length) {
        return HexFormat.of().formatHex(s.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }

    /** A native segment holding {@code bytes} at {@code offset} (room after it for growth). */
    static MemorySegment offHeap(byte[] bytes, int offset) {
        MemorySegment s = Arena.ofAuto().allocate(offset + bytes.length + 2048);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, offset, bytes.length);
        return s;
    }

    static int ip4(String dotted) {
        try {
            return ByteBuffer.wrap(InetAddress.getByName(dotted).getAddress()).getInt();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] ip6Bytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static long ip6High(String literal) {
        return ByteBuffer.wrap(ip6Bytes(literal)).getLong(0);
    }

    static long ip6Low(String literal) {
        return ByteBuffer.wrap(ip6Bytes(literal)).getLong(8);
    }

    /** Naive RFC 1071 sum of 16-bit words, folded, not complemented. */
    static int naiveSum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xFF;
            int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) sum;
    }

    static int naiveChecksum(byte[] b, int off, int len, long initial) {
        return ~naiveSum(b, off, len, initial) & 0xFFFF;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static int get16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** Recomputes, naively, the IPv4 header and TCP/UDP/ICMP checksums of an untagged IPv4 frame. */
    static void refreshIpv4Checksums(byte[] frame) {
        int ihl = (frame[14] & 0x0F) * 4;
        put16(frame, 24, 0);
        put16(frame, 24, naiveChecksum(frame, 14, ihl, 0));
        int protocol = frame[23] & 0xFF;
        int l4 = 14 + ihl;
        int length = get16(frame, 16) - ihl;
        int field = protocol == IpProtocol.TCP ? 16 : protocol == IpProtocol.UDP ? 6 : 2;
        long pseudo = protocol == IpProtocol.ICMP ? 0 : naiveSum(frame, 26, 8, 0) + protocol + length;
        put16(frame, l4 + field, 0);
        put16(frame, l4 + field, naiveChecksum(frame, l4, length, pseudo));
    }

    /** Fluent description of one frame; {@link #build()} lays it out with valid checksums. */
    static final class Builder {
        private int version = 4;
        private byte[] src = ip6Or4("172.25.254.2", 4);
        private byte[] dst = ip6Or4("172.25.254.1", 4);
        private int vlanTci = -1;
        private int tos;
        private int ttl = 64;
        private int id = 0x1234;
        private boolean df = true;
        private boolean mf;
        private int fragmentOffsetUnits;
        private byte[] ipOptions = new byte[0];
        private byte[] extensions = new byte[0];
        private int firstExtension = -1;
        private int protocol = IpProtocol.UDP;
        private byte[] l4 = new byte[0];
        private boolean l4ChecksumZero;
        private int padding;

        static Builder ipv4(String source, String destination) {
            Builder b = new Builder();
            b.src = ip6Or4(source, 4);
            b.dst = ip6Or4(destination, 4);
            return b;
        }

        static Builder ipv6(String source, String destination) {
            Builder b = new Builder();
            b.version = 6;
            b.src = ip6Or4(source, 6);
            b.dst = ip6Or4(destination, 6);
            return b;
        }

        private static byte[] ip6Or4(String literal, int version) {
            byte[] a = ip6Bytes(literal);
            if (a.length != (version == 4 ? 4 : 16)) {
                throw new IllegalArgumentException(literal);
            }
            return a;
        }

        Builder vlan(int tci) {
            vlanTci = tci;
            return this;
        }

        Builder tos(int value) {
            tos = value;
            return this;
        }

        Builder ttl(int value) {
            ttl = value;
            return this;
        }

        Builder dontFragment(boolean value) {
            df = value;
            return this;
        }

        Builder fragment(boolean moreFragments, int offsetUnits) {
            mf = moreFragments;
            fragmentOffsetUnits = offsetUnits;
            return this;
        }

        Builder ipOptions(byte[] options) {
            ipOptions = options;
            return this;
        }

        /**
         * IPv6 extension headers, already chained: {@code first} is the fixed header's next header, the
         * last one's next-header byte is patched to the transport protocol.
         */
        Builder extensions(int first, byte[] chain) {
            firstExtension = first;
            extensions = chain;
            return this;
        }

        Builder padding(int bytes) {
            padding = bytes;
            return this;
        }

        Builder tcp(int sport, int dport, int flags, byte[] payload) {
            protocol = IpProtocol.TCP;
            l4 = new byte[20 + payload.length];
            put16(l4, 0, sport);
            put16(l4, 2, dport);
            l4[4] = 0x11;
            l4[7] = 0x22;
            l4[12] = 0x50;
            l4[13] = (byte) flags;
            put16(l4, 14, 64240);
            System.arraycopy(payload, 0, l4, 20, payload.length);
            return this;
        }

        Builder udp(int sport, int dport, byte[] payload) {
            protocol = IpProtocol.UDP;
            l4 = new byte[8 + payload.length];
            put16(l4, 0, sport);
            put16(l4, 2, dport);
            put16(l4, 4, l4.length);
            System.arraycopy(payload, 0, l4, 8, payload.length);
            return this;
        }

        /** UDP sent without a checksum (IPv4 only). */
        Builder noUdpChecksum() {
            l4ChecksumZero = true;
            return this;
        }

        Builder icmp(int type, int code, int restOfHeader, byte[] body) {
            protocol = version == 4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
            l4 = new byte[8 + body.length];
            l4[0] = (byte) type;
            l4[1] = (byte) code;
            ByteBuffer.wrap(l4).putInt(4, restOfHeader);
            System.arraycopy(body, 0, l4, 8, body.length);
            return this;
        }

        /** An ICMP error quoting the IP datagram of {@code frame} (from its L3 start), cut to {@code quoteLength}. */
        Builder icmpError(int type, int code, int restOfHeader, byte[] frame, int quoteLength) {
            int l3 = frame[12] == (byte) 0x81 ? 18 : 14;
            byte[] quote = new byte[Math.min(quoteLength, frame.length - l3)];
            System.arraycopy(frame, l3, quote, 0, quote.length);
            return icmp(type, code, restOfHeader, quote);
        }

        Builder rawTransport(int proto, byte[] bytes) {
            protocol = proto;
            l4 = bytes.clone();
            return this;
        }

        byte[] build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] eth = new byte[vlanTci >= 0 ? 18 : 14];
            for (int i = 0; i < 6; i++) {
                eth[i] = (byte) (DIRECTOR_MAC >>> (40 - 8 * i));
                eth[6 + i] = (byte) (CLIENT_MAC >>> (40 - 8 * i));
            }
            int type = version == 4 ? 0x0800 : 0x86DD;
            if (vlanTci >= 0) {
                put16(eth, 12, 0x8100);
                put16(eth, 14, vlanTci);
                put16(eth, 16, type);
            } else {
                put16(eth, 12, type);
            }
            out.writeBytes(eth);
            byte[] transport = l4.clone();
            fillTransportChecksum(transport);
            if (version == 4) {
                int ihl = 20 + ipOptions.length;
                byte[] ip = new byte[ihl];
                ip[0] = (byte) (0x40 | (ihl / 4));
                ip[1] = (byte) tos;
                put16(ip, 2, ihl + transport.length);
                put16(ip, 4, id);
                put16(ip, 6, (df ? 0x4000 : 0) | (mf ? 0x2000 : 0) | fragmentOffsetUnits);
                ip[8] = (byte) ttl;
                ip[9] = (byte) protocol;
                System.arraycopy(src, 0, ip, 12, 4);
                System.arraycopy(dst, 0, ip, 16, 4);
                System.arraycopy(ipOptions, 0, ip, 20, ipOptions.length);
                put16(ip, 10, naiveChecksum(ip, 0, ihl, 0));
                out.writeBytes(ip);
            } else {
                byte[] ip = new byte[40];
                ByteBuffer.wrap(ip).putInt(0, 0x6000_0000 | (tos << 20));
                put16(ip, 4, extensions.length + transport.length);
                ip[6] = (byte) (firstExtension >= 0 ? firstExtension : protocol);
                ip[7] = (byte) ttl;
                System.arraycopy(src, 0, ip, 8, 16);
                System.arraycopy(dst, 0, ip, 24, 16);
                out.writeBytes(ip);
                out.writeBytes(extensions);
            }
            out.writeBytes(transport);
            out.writeBytes(new byte[padding]);
            return out.toByteArray();
        }

        private void fillTransportChecksum(byte[] t) {
            int field = switch (protocol) {
                case IpProtocol.TCP -> 16;
                case IpProtocol.UDP -> 6;
                case IpProtocol.ICMP, IpProtocol.ICMPV6 -> 2;
                default -> -1;
            };
            if (field < 0 || field + 2 > t.length || (protocol == IpProtocol.UDP && l4ChecksumZero)) {
                return;
            }
            long pseudo = 0;
            if (protocol != IpProtocol.ICMP) {
                byte[] p = new byte[src.length * 2];
                System.arraycopy(src, 0, p, 0, src.length);
                System.arraycopy(dst, 0, p, src.length, dst.length);
                pseudo = naiveSum(p, 0, p.length, 0) + protocol + (t.length >>> 16) + (t.length & 0xFFFF);
            }
            put16(t, field, 0);
            int c = naiveChecksum(t, 0, t.length, pseudo);
            put16(t, field, c == 0 && protocol == IpProtocol.UDP ? 0xFFFF : c);
        }
    }
}
