package org.jvs.netio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * Hand-built frames for the I/O tests (this module must not depend on jvs-packet): ARP requests, ICMP
 * echo requests and UDP datagrams, with a plain RFC 1071 checksum.
 */
final class TestFrames {
    private TestFrames() {
    }

    static byte[] ip(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    static byte[] mac(long mac) {
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) (mac >>> (40 - 8 * i));
        }
        return m;
    }

    static long mac(byte[] frame, int offset) {
        long m = 0;
        for (int i = 0; i < 6; i++) {
            m = (m << 8) | (frame[offset + i] & 0xFF);
        }
        return m;
    }

    static int checksum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i < len; i += 2) {
            sum += ((b[off + i] & 0xFF) << 8) | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static byte[] arpRequest(long senderMac, byte[] senderIp, byte[] targetIp) {
        ByteBuffer f = ByteBuffer.allocate(42);
        f.put(mac(0xFFFF_FFFF_FFFFL)).put(mac(senderMac)).putShort((short) 0x0806);
        f.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        f.put(mac(senderMac)).put(senderIp).put(new byte[6]).put(targetIp);
        return f.array();
    }

    /** An IPv4 frame around {@code l4} with valid header checksum (and transport checksum for UDP/ICMP). */
    static byte[] ipv4(long dstMac, long srcMac, byte[] src, byte[] dst, int protocol, byte[] l4) {
        byte[] t = l4.clone();
        if (protocol == 1) {
            t[2] = 0;
            t[3] = 0;
            int c = checksum(t, 0, t.length, 0);
            t[2] = (byte) (c >>> 8);
            t[3] = (byte) c;
        } else if (protocol == 17) {
            t[6] = 0;
            t[7] = 0;
            byte[] addrs = ByteBuffer.allocate(8).put(src).put(dst).array();
            long pseudo = (~checksum(addrs, 0, 8, 0) & 0xFFFF) + 17 + t.length;
            int c = checksum(t, 0, t.length, pseudo);
            t[6] = (byte) (c >>> 8);
            t[7] = (byte) c;
        }
        ByteBuffer f = ByteBuffer.allocate(34 + t.length);
        f.put(mac(dstMac)).put(mac(srcMac)).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + t.length)).putShort((short) 0x4242)
                .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0).put(src).put(dst);
        byte[] frame = f.put(t).array();
        int c = checksum(frame, 14, 20, 0);
        frame[24] = (byte) (c >>> 8);
        frame[25] = (byte) c;
        return frame;
    }

    static byte[] icmpEcho(int type, int id, int sequence, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).put((byte) type).put((byte) 0).putShort((short) 0)
                .putShort((short) id).putShort((short) sequence).put(payload).array();
    }

    static byte[] udp(int sport, int dport, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putShort((short) sport).putShort((short) dport)
                .putShort((short) (8 + payload.length)).putShort((short) 0).put(payload).array();
    }

    /** Whether the UDP checksum of an untagged IPv4 frame verifies (zero counts as none). */
    static boolean udpChecksumValid(byte[] frame) {
        int l4 = 14 + (frame[14] & 0x0F) * 4;
        int length = u16(frame, l4 + 4);
        if (u16(frame, l4 + 6) == 0) {
            return true;
        }
        long pseudo = (~checksum(frame, 26, 8, 0) & 0xFFFF) + 17 + length;
        return checksum(frame, l4, length, pseudo) == 0;
    }

    static void copy(byte[] frame, MemorySegment to) {
        MemorySegment.copy(MemorySegment.ofArray(frame), 0, to, 0, frame.length);
    }

    static byte[] bytes(MemorySegment from, long offset, int length) {
        return from.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
