package org.jvs.ipvs.conn;

/**
 * Per-state connection timeouts in seconds: the eleven TCP states, UDP and SCTP. Immutable and
 * thread-safe; {@code ipvsadm --set} makes a new instance with {@link #withSet}.
 */
public final class Timeouts {
    /** The kernel's defaults: TCP as {@link TcpState}, UDP 300 s, SCTP established 900 s. */
    public static final Timeouts DEFAULTS = defaults();

    /** Largest value ipvsadm accepts for {@code --set} (31 days). */
    public static final int MAX_SET_SEC = 2_678_400;

    private final int[] tcpSec;
    private final int udpSec;
    private final int sctpSec;

    private Timeouts(int[] tcpSec, int udpSec, int sctpSec) {
        this.tcpSec = tcpSec;
        this.udpSec = udpSec;
        this.sctpSec = sctpSec;
    }

    private static Timeouts defaults() {
        TcpState[] states = TcpState.values();
        int[] tcp = new int[states.length];
        for (TcpState s : states) {
            tcp[s.code()] = s.defaultTimeoutSec();
        }
        return new Timeouts(tcp, 300, 900);
    }

    /**
     * {@code ipvsadm --set tcp tcpfin udp}: replaces the ESTABLISHED, FIN_WAIT and UDP timeouts, a
     * 0 keeping the current value; every other state keeps its timeout. The caller has checked the
     * range 0..{@link #MAX_SET_SEC}.
     */
    public Timeouts withSet(int tcpSecs, int tcpFinSecs, int udpSecs) {
        int[] tcp = tcpSec.clone();
        if (tcpSecs != 0) {
            tcp[TcpState.ESTABLISHED.code()] = tcpSecs;
        }
        if (tcpFinSecs != 0) {
            tcp[TcpState.FIN_WAIT.code()] = tcpFinSecs;
        }
        return new Timeouts(tcp, udpSecs != 0 ? udpSecs : udpSec, sctpSec);
    }

    /** The timeout of a TCP state in seconds. */
    public int tcp(TcpState state) {
        return tcpSec[state.code()];
    }

    /** The timeout of the TCP state with this code (hot path, no enum). */
    int tcpByCode(int code) {
        return tcpSec[code];
    }

    /** {@code --timeout}'s first number: ESTABLISHED. */
    public int tcpEstablished() {
        return tcpSec[TcpState.ESTABLISHED.code()];
    }

    /** {@code --timeout}'s second number: FIN_WAIT. */
    public int tcpFinWait() {
        return tcpSec[TcpState.FIN_WAIT.code()];
    }

    /** {@code --timeout}'s third number: every UDP connection. */
    public int udp() {
        return udpSec;
    }

    /** SCTP connections, which jvs keeps in one established state (not changed by --set). */
    public int sctp() {
        return sctpSec;
    }
}
