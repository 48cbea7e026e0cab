package org.jvs.ipvsadm.control;

/**
 * The three timeouts {@code ipvsadm --set} changes, in seconds: TCP ESTABLISHED, TCP FIN_WAIT and
 * UDP. In a {@code --set} request, 0 means "keep the current value". Immutable.
 */
public record Timeouts(int tcpSec, int tcpFinSec, int udpSec) {
    /** The kernel defaults: 900 120 300. */
    public static final Timeouts KERNEL_DEFAULTS = new Timeouts(900, 120, 300);
}
