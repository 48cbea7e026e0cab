package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * ICMPv6 (RFC 4443). Error messages (types below 128) quote the offending packet from
 * {@link #quoteOffset()}. See {@link Flyweight} for the access and thread-safety rules.
 */
public final class Icmpv6Header extends Flyweight {
    /** Length in bytes of the header including the 4-byte message body word. */
    public static final int LENGTH = 8;
    public static final int DESTINATION_UNREACHABLE = 1;
    public static final int PACKET_TOO_BIG = 2;
    public static final int TIME_EXCEEDED = 3;
    public static final int PARAMETER_PROBLEM = 4;
    public static final int ECHO_REQUEST = 128;
    public static final int ECHO_REPLY = 129;
    /** Redirect: never answered with an error (RFC 4443 2.4 e.2). */
    public static final int REDIRECT = 137;
    /** Destination unreachable code: port unreachable. */
    public static final int CODE_PORT_UNREACHABLE = 4;
    /** Time exceeded code: hop limit exceeded in transit. */
    public static final int CODE_HOP_LIMIT_EXCEEDED = 0;

    /** Points this view at the header starting at {@code offset}. */
    public Icmpv6Header wrap(MemorySegment segment, int offset) {
        bind(segment, offset);
        return this;
    }

    /** Message type (see the constants). */
    public int type() {
        return u8(0);
    }

    /** Message code within the type. */
    public int code() {
        return u8(1);
    }

    /** Checksum over the IPv6 pseudo-header and the whole message. */
    public int checksum() {
        return u16(2);
    }

    /** Echo identifier. */
    public int identifier() {
        return u16(4);
    }

    /** Echo sequence number. */
    public int sequence() {
        return u16(6);
    }

    /** MTU in bytes of a Packet Too Big message. */
    public long mtu() {
        return i32(4) & 0xFFFF_FFFFL;
    }

    /** Offset of the quoted packet of an error message. */
    public int quoteOffset() {
        return offset() + LENGTH;
    }

    /** Whether {@code type} is an error message (RFC 4443 2.1: types 0..127). */
    public static boolean isError(int type) {
        return type < 128;
    }

    /** Whether an error of this type quotes a packet that NAT must translate. */
    public static boolean quotesPacket(int type) {
        return type >= DESTINATION_UNREACHABLE && type <= PARAMETER_PROBLEM;
    }
}
