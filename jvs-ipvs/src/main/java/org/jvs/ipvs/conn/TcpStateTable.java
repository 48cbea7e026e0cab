package org.jvs.ipvs.conn;

import java.util.Arrays;

/**
 * The IPVS TCP state transition tables (tcp_states in ip_vs_proto_tcp.c): one for packets from the
 * client, one for replies of the real server (seen only with NAT) and one used while a connection
 * is flagged NOOUTPUT (DR and TUN, where replies bypass the director).
 *
 * <p>A packet's event is chosen in the kernel's priority order: RST, else SYN (so SYN+ACK counts as
 * SYN), else FIN, else ACK; a segment with none of these moves the connection to CLOSE. Stateless
 * and thread-safe; lookups do not allocate.
 */
public final class TcpStateTable {
    /** Packets from the client to the virtual service. */
    public static final int INPUT = 0;
    /** Replies from the real server (NAT only). */
    public static final int OUTPUT = 1;
    /** Client packets of a connection whose replies are never seen. */
    public static final int INPUT_ONLY = 2;

    /** TCP header flag bits as they sit in the header's flags byte. */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    private static final int STATES = TcpState.values().length;

    // Rows per table in event order syn, fin, ack, rst; columns in state order NO..SA, as in the kernel.
    private static final byte[] NEXT = build(
            // INPUT
            "SR ES ES SR SR SR SR SR SR SR SR",
            "CL CW SS TW TW TW CL CW LA LI TW",
            "ES ES SS ES FW TW CL CW CL LI ES",
            "CL CL CL SR CL CL CL CL LA LI SR",
            // OUTPUT
            "SS ES SS SR SS SS SS SS SS LI SR",
            "TW FW SS TW FW TW CL TW LA LI TW",
            "ES ES SS ES FW TW CL CW LA ES ES",
            "CL CL SS CL CL TW CL CL CL CL CL",
            // INPUT-ONLY
            "SR ES ES SR SR SR SR SR SR SR SR",
            "CL FW SS TW FW TW CL CW LA LI TW",
            "ES ES SS ES FW TW CL CW CL LI ES",
            "CL CL CL SR CL CL CL CL LA LI CL");

    private TcpStateTable() {
    }

    /**
     * The kernel's event index for a segment's flags: 0 syn, 1 fin, 2 ack, 3 rst, or -1 when none
     * of them is set.
     */
    public static int event(int tcpFlags) {
        if ((tcpFlags & RST) != 0) {
            return 3;
        }
        if ((tcpFlags & SYN) != 0) {
            return 0;
        }
        if ((tcpFlags & FIN) != 0) {
            return 1;
        }
        if ((tcpFlags & ACK) != 0) {
            return 2;
        }
        return -1;
    }

    /**
     * The state code a connection in {@code stateCode} moves to on a segment with {@code tcpFlags}
     * seen in {@code direction} ({@link #INPUT}, {@link #OUTPUT} or {@link #INPUT_ONLY}).
     */
    public static int next(int direction, int tcpFlags, int stateCode) {
        int event = event(tcpFlags);
        if (event < 0) {
            return TcpState.CLOSE.code();
        }
        return NEXT[(direction * 4 + event) * STATES + stateCode];
    }

    private static byte[] build(String... rows) {
        byte[] table = new byte[rows.length * STATES];
        for (int r = 0; r < rows.length; r++) {
            String[] cells = rows[r].split(" ");
            if (cells.length != STATES) {
                throw new IllegalStateException("row " + r + " has " + cells.length + " states");
            }
            for (int c = 0; c < STATES; c++) {
                table[r * STATES + c] = (byte) byAbbreviation(cells[c]).code();
            }
        }
        return table;
    }

    private static TcpState byAbbreviation(String a) {
        return Arrays.stream(TcpState.values()).filter(s -> s.abbreviation().equals(a)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown state " + a));
    }
}
