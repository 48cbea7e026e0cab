package org.jvs.heartbeat.daemon;

import org.jvs.drbd.Drbdadm;

/** {@code jvs drbdadm} as its own process in a lab machine: the launcher's dispatch without jvs-cli. */
public final class DrbdadmMain {
    private DrbdadmMain() {
    }

    public static void main(String[] args) {
        System.exit(Drbdadm.main(args, System.out, System.err));
    }
}
