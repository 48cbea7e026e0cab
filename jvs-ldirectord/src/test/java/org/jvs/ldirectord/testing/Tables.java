package org.jvs.ldirectord.testing;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.service.VirtualService;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.sched.Scheduler;

/** Director tables for tests: the real IPVS table model, with schedulers that only carry a name. */
public final class Tables {
    private Tables() {
    }

    /** A table that knows the usual scheduler names (scheduling itself is not under test here). */
    public static VirtualServerTable kernelLike() {
        return new VirtualServerTable(name -> name.matches("rr|wrr|lc|wlc|sh|dh|mh|sed|nq|fo|ovf|lblc|lblcr|twos")
                ? new NameOnly(name) : null);
    }

    private record NameOnly(String name) implements Scheduler {
        @Override
        public RealServer schedule(VirtualService service, PacketKey packet) {
            return null;
        }
    }
}
