package org.jvs.drbd.replication;

import java.util.List;
import org.jvs.drbd.meta.GenerationIds;

/**
 * What the sync handshake decided, in DRBD's terms: {@code hg} 0 no resync, 1/-1 become
 * SyncSource/SyncTarget using the bitmap, 2/-2 the same with a full sync, 100/-100 an unresolved
 * split brain, -1000 unrelated data; the rule of drbd_uuid_compare that fired; the log lines DRBD
 * would print; and the generation identifiers after the corrections some rules make. Immutable.
 *
 * @param hg       the decision
 * @param rule     drbd_uuid_compare's rule number
 * @param self     this node's generation identifiers, possibly corrected
 * @param peer     what this node now believes the peer's are
 * @param messages log lines in order
 */
public record SyncDecision(int hg, int rule, GenerationIds self, GenerationIds peer, List<String> messages) {

    /** Whether the nodes must drop the connection (split brain unresolved, unrelated data, rr-conflict). */
    public boolean disconnect() {
        return Math.abs(hg) >= 100;
    }

    /** Whether this node becomes SyncSource. */
    public boolean source() {
        return hg > 0 && hg < 100;
    }

    /** Whether this node becomes SyncTarget. */
    public boolean target() {
        return hg < 0 && hg > -100;
    }

    /** Whether every block must be resynced. */
    public boolean full() {
        return Math.abs(hg) == 2;
    }
}
