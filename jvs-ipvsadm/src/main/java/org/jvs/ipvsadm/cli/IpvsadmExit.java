package org.jvs.ipvsadm.cli;

/**
 * Ends the command with an exit status, as ipvsadm's exit() calls do from deep inside parsing and
 * listing (fail, tryhelp_exit, usage_exit, list errors). Whatever had to be printed has been.
 */
final class IpvsadmExit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    IpvsadmExit(int status) {
        super(null, null, false, false);
        this.status = status;
    }

    /** The exit status as the shell sees it (exit(-1) is 255). */
    int status() {
        return status & 0xFF;
    }
}
