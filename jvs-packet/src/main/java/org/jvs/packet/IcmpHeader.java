package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * ICMP for IPv4 (RFC 792, RFC 1191 for the next-hop MTU). Error messages quote the offending datagram
 * from {@link #quoteOffset()}: its IP header and at least 8 bytes of what followed. See
 * {@link Flyweight} for the access and thread-safety rules.
 */
public final class IcmpHeader extends Flyweight {
    /** Length in bytes of the header including the 4-byte rest-of-header word. */
    public static final int LENGTH = 8;
    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int SOURCE_QUENCH = 4;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;
    /** Highest type the kernel knows (NR_ICMP_TYPES); it never answers unknown ICMP with an error. */
    public static final int MAX_KNOWN_TYPE = 18;
    /** Destination unreachable codes. */
    public static final int CODE_NET_UNREACHABLE = 0;
    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** "Fragmentation needed and DF set", carrying the next-hop MTU. */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** Time exceeded code: TTL reached zero in transit. */
    public static final int CODE_TTL_EXCEEDED = 0;

    /** Points this view at the header starting at {@code offset}. */
    public IcmpHeader wrap(MemorySegment segment, int offset) {
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

    /** Checksum over the whole ICMP message. */
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

    /** Next-hop MTU in bytes of a "fragmentation needed" message (RFC 1191). */
    public int nextHopMtu() {
        return u16(6);
    }

    /** The rest-of-header word (bytes 4..7). */
    public int restOfHeader() {
        return i32(4);
    }

    /** Offset of the quoted datagram of an error message. */
    public int quoteOffset() {
        return offset() + LENGTH;
    }

    /** Whether {@code type} is an error message (which is never answered with another error). */
    public static boolean isError(int type) {
        return type == DESTINATION_UNREACHABLE || type == SOURCE_QUENCH || type == REDIRECT
                || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM;
    }

    /** Whether an error of this type quotes a datagram that NAT must translate (as IPVS handles them). */
    public static boolean quotesDatagram(int type) {
        return type == DESTINATION_UNREACHABLE || type == SOURCE_QUENCH || type == TIME_EXCEEDED
                || type == PARAMETER_PROBLEM;
    }
}
