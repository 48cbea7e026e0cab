package org.jvs.drbd.replication;

import static org.jvs.drbd.meta.GenerationIds.base;

import java.util.ArrayList;
import java.util.List;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.state.DiskState;
import org.jvs.drbd.state.Role;

/**
 * DRBD 8.4's sync handshake (drbd_uuid_compare and drbd_sync_handshake): from both nodes'
 * generation identifiers, roles, disk states and bitmap weights it decides who becomes SyncSource,
 * whether a full sync is needed, or that the data has split brain and how the after-sb policies
 * resolve it. Both nodes run it on the same facts and reach mirror-image decisions; the
 * {@code resolveConflicts} flag, set on exactly one node, breaks ties. Stateless; thread-safe.
 */
public final class SyncHandshake {

    /**
     * One node's facts as exchanged in the handshake.
     *
     * @param uuids          generation identifiers
     * @param role           current role
     * @param disk           disk state before negotiation
     * @param bitmapWeight   set bits in its bitmap
     * @param crashedPrimary it was Primary when it last went down
     * @param discardMyData  connect --discard-my-data was given
     */
    public record Side(GenerationIds uuids, Role role, DiskState disk, long bitmapWeight, boolean crashedPrimary,
                       boolean discardMyData) {
    }

    /**
     * The configured recovery policies.
     *
     * @param afterSb0pri after-sb-0pri
     * @param afterSb1pri after-sb-1pri
     * @param afterSb2pri after-sb-2pri
     * @param alwaysAsbp  always-asbp
     * @param rrConflict  rr-conflict
     */
    public record Policies(String afterSb0pri, String afterSb1pri, String afterSb2pri, boolean alwaysAsbp,
                           String rrConflict) {
        /** DRBD's defaults: disconnect everywhere. */
        public static final Policies DEFAULT = new Policies("disconnect", "disconnect", "disconnect", false, "disconnect");
    }

    private SyncHandshake() {
    }

    /** The decision for {@code self} meeting {@code peer}. */
    public static SyncDecision decide(Side self, Side peer, boolean resolveConflicts, Policies policies) {
        List<String> log = new ArrayList<>();
        log.add("drbd_sync_handshake:");
        log.add(dump("self", self.uuids(), self.bitmapWeight(), 0));
        log.add(dump("peer", peer.uuids(), peer.bitmapWeight(), flags(peer)));
        Compare c = new Compare(self, peer, resolveConflicts, log);
        int hg = c.compare();
        log.add("uuid_compare()=" + hg + " by rule " + c.rule);
        if (hg == -1000) {
            log.add("Unrelated data, aborting!");
            return new SyncDecision(hg, c.rule, c.me, c.them, log);
        }
        DiskState mine = self.disk();
        DiskState theirs = peer.disk();
        if ((mine == DiskState.INCONSISTENT && theirs.ordinal() > DiskState.INCONSISTENT.ordinal())
                || (theirs == DiskState.INCONSISTENT && mine.ordinal() > DiskState.INCONSISTENT.ordinal())) {
            boolean full = hg == -100 || Math.abs(hg) == 2;
            hg = mine.ordinal() > DiskState.INCONSISTENT.ordinal() ? 1 : -1;
            if (full) {
                hg *= 2;
            }
            log.add("Becoming sync " + (hg > 0 ? "source" : "target") + " due to disk states.");
        }
        if (hg == 100 || (hg == -100 && policies.alwaysAsbp())) {
            int primaries = (self.role() == Role.PRIMARY ? 1 : 0) + (peer.role() == Role.PRIMARY ? 1 : 0);
            boolean forced = hg == -100;
            hg = switch (primaries) {
                case 0 -> recover0p(policies.afterSb0pri(), self, peer, resolveConflicts, log);
                case 1 -> recover1p(policies, self, peer, resolveConflicts, log);
                default -> recover2p(policies, self, peer, resolveConflicts, log);
            };
            if (Math.abs(hg) < 100) {
                log.add("Split-Brain detected, " + primaries + " primaries, automatically solved. Sync from "
                        + (hg < 0 ? "peer" : "this") + " node");
                if (forced) {
                    log.add("Doing a full sync, since UUIDs where ambiguous.");
                    hg *= 2;
                }
            }
        }
        if (hg == -100) {
            if (self.discardMyData() && !peer.discardMyData()) {
                hg = -1;
            }
            if (!self.discardMyData() && peer.discardMyData()) {
                hg = 1;
            }
            if (Math.abs(hg) < 100) {
                log.add("Split-Brain detected, manually solved. Sync from " + (hg < 0 ? "peer" : "this") + " node");
            }
        }
        if (hg == -100 || hg == 100) {
            log.add("Split-Brain detected but unresolved, dropping connection!");
            return new SyncDecision(hg, c.rule, c.me, c.them, log);
        }
        if (hg > 0 && mine.ordinal() <= DiskState.INCONSISTENT.ordinal()) {
            log.add("I shall become SyncSource, but I am inconsistent!");
            return new SyncDecision(-1000, c.rule, c.me, c.them, log);
        }
        if (hg < 0 && self.role() == Role.PRIMARY && mine.ordinal() >= DiskState.CONSISTENT.ordinal()) {
            if (!policies.rrConflict().equals("violently")) {
                log.add("I shall become SyncTarget, but I am primary!");
                return new SyncDecision(-1000, c.rule, c.me, c.them, log);
            }
            log.add("Becoming SyncTarget, violating the stable-data assumption");
        }
        return new SyncDecision(hg, c.rule, c.me, c.them, log);
    }

    private static long flags(Side s) {
        return (s.discardMyData() ? 1 : 0) | (s.crashedPrimary() ? 2 : 0) | (s.disk() == DiskState.INCONSISTENT ? 4 : 0);
    }

    private static String dump(String who, GenerationIds u, long bits, long flags) {
        return String.format("%s %016X:%016X:%016X:%016X bits:%d flags:%X", who, u.current(), u.bitmap(), u.history0(),
                u.history1(), bits, flags);
    }

    /** drbd_uuid_compare with its corrections of either side's identifiers. */
    private static final class Compare {
        final Side self;
        final Side peer;
        final boolean resolveConflicts;
        final List<String> log;
        GenerationIds me;
        GenerationIds them;
        int rule;

        Compare(Side self, Side peer, boolean resolveConflicts, List<String> log) {
            this.self = self;
            this.peer = peer;
            this.resolveConflicts = resolveConflicts;
            this.log = log;
            this.me = self.uuids();
            this.them = peer.uuids();
        }

        int compare() {
            long s = base(me.current());
            long p = base(them.current());
            long created = GenerationIds.JUST_CREATED;
            rule = 10;
            if (s == created && p == created) {
                return 0;
            }
            rule = 20;
            if ((s == created || s == 0) && p != created) {
                return -2;
            }
            rule = 30;
            if (s != created && (p == created || p == 0)) {
                return 2;
            }
            if (s == p) {
                return sameCurrent();
            }
            rule = 50;
            if (s == base(them.bitmap())) {
                return -1;
            }
            rule = 51;
            if (s == base(them.history0()) && base(them.history0()) + GenerationIds.NEW_BM_OFFSET == base(them.bitmap())) {
                them = new GenerationIds(them.current(), them.history0(), them.history1(), them.history1());
                log.add("Lost last syncUUID packet, corrected:");
                return -1;
            }
            rule = 60;
            if (s == base(them.history0()) || s == base(them.history1())) {
                return -2;
            }
            rule = 70;
            if (base(me.bitmap()) == p) {
                return 1;
            }
            rule = 71;
            if (base(me.history0()) == p && base(me.history0()) + GenerationIds.NEW_BM_OFFSET == base(me.bitmap())) {
                me = new GenerationIds(me.current(), me.history0(), me.history1(), me.history1());
                log.add("Last syncUUID did not get through, corrected:");
                return 1;
            }
            rule = 80;
            if (p == base(me.history0()) || p == base(me.history1())) {
                return 2;
            }
            rule = 90;
            if (base(me.bitmap()) == base(them.bitmap()) && base(me.bitmap()) != 0) {
                return 100;
            }
            rule = 100;
            long[] mine = {base(me.history0()), base(me.history1())};
            long[] theirs = {base(them.history0()), base(them.history1())};
            for (long a : mine) {
                for (long b : theirs) {
                    if (a == b) {
                        return -100;
                    }
                }
            }
            return -1000;
        }

        private int sameCurrent() {
            if (them.bitmap() == 0 && me.bitmap() != 0) {
                if (base(me.bitmap()) == base(them.history0()) && base(me.history0()) == base(them.history1())) {
                    log.add("was SyncSource, missed the resync finished event, corrected myself:");
                    me = me.bitmapToHistory();
                    rule = 34;
                } else {
                    log.add("was SyncSource (peer failed to write sync_uuid)");
                    rule = 36;
                }
                return 1;
            }
            if (me.bitmap() == 0 && them.bitmap() != 0) {
                if (base(me.history0()) == base(them.bitmap()) && base(me.history1()) == base(them.history0())) {
                    log.add("was SyncTarget, peer missed the resync finished event, corrected peer:");
                    them = them.bitmapToHistory();
                    rule = 35;
                } else {
                    log.add("was SyncTarget (failed to write sync_uuid)");
                    rule = 37;
                }
                return -1;
            }
            int rct = (self.crashedPrimary() ? 1 : 0) + (peer.crashedPrimary() ? 2 : 0);
            rule = 40;
            if (rct == 0) {
                return 0;
            }
            if (self.role() == Role.PRIMARY || peer.role() == Role.PRIMARY) {
                rule = 41;
                if (self.role() == Role.PRIMARY && peer.role() == Role.PRIMARY) {
                    log.add("Equivalent unrotated UUIDs, but both are primary. Can not resolve this.");
                    return -100;
                }
                return self.role() == Role.PRIMARY ? 1 : -1;
            }
            return switch (rct) {
                case 1 -> 1;
                case 2 -> -1;
                default -> resolveConflicts ? -1 : 1;
            };
        }
    }

    /**
     * drbd_asb_recover_0p: the policy when neither node is Primary. The younger/older-primary
     * policies fall through to zero-changes and then least-changes when they cannot decide, as in
     * DRBD.
     */
    @SuppressWarnings("fallthrough")
    static int recover0p(String policy, Side self, Side peer, boolean resolveConflicts, List<String> log) {
        long selfPri = self.uuids().bitmap() & 1;
        long peerPri = peer.uuids().bitmap() & 1;
        long chSelf = self.bitmapWeight();
        long chPeer = peer.bitmapWeight();
        switch (policy) {
            case "discard-younger-primary":
                if (selfPri == 0 && peerPri == 1) {
                    return -1;
                }
                if (selfPri == 1 && peerPri == 0) {
                    return 1;
                }
                // cannot tell: on to the next strategy
            case "discard-older-primary":
                if (selfPri == 0 && peerPri == 1) {
                    return 1;
                }
                if (selfPri == 1 && peerPri == 0) {
                    return -1;
                }
                log.add("Discard younger/older primary did not find a decision");
                log.add("Using discard-least-changes instead");
                // cannot tell: on to the next strategy
            case "discard-zero-changes":
                if (chPeer == 0 && chSelf == 0) {
                    return resolveConflicts ? -1 : 1;
                }
                if (chPeer == 0) {
                    return 1;
                }
                if (chSelf == 0) {
                    return -1;
                }
                if (policy.equals("discard-zero-changes")) {
                    return -100;
                }
                // both changed: on to least-changes
            case "discard-least-changes":
                if (chSelf != chPeer) {
                    return chSelf < chPeer ? -1 : 1;
                }
                return resolveConflicts ? -1 : 1;
            case "discard-local":
                return -1;
            case "discard-remote":
                return 1;
            default:
                return -100;
        }
    }

    private static int recover1p(Policies policies, Side self, Side peer, boolean rc, List<String> log) {
        boolean primary = self.role() == Role.PRIMARY;
        return switch (policies.afterSb1pri()) {
            case "consensus" -> {
                int hg = recover0p(policies.afterSb0pri(), self, peer, rc, log);
                yield (hg == -1 && !primary) || (hg == 1 && primary) ? hg : -100;
            }
            case "violently-as0p" -> recover0p(policies.afterSb0pri(), self, peer, rc, log);
            case "discard-secondary" -> primary ? 1 : -1;
            case "call-pri-lost-after-sb" -> {
                int hg = recover0p(policies.afterSb0pri(), self, peer, rc, log);
                // the Primary that loses would have to demote first; it cannot while in use
                yield hg == -1 && primary ? -100 : hg;
            }
            default -> -100;
        };
    }

    private static int recover2p(Policies policies, Side self, Side peer, boolean rc, List<String> log) {
        return switch (policies.afterSb2pri()) {
            case "violently-as0p" -> recover0p(policies.afterSb0pri(), self, peer, rc, log);
            case "call-pri-lost-after-sb" -> {
                int hg = recover0p(policies.afterSb0pri(), self, peer, rc, log);
                yield hg == -1 ? -100 : hg;
            }
            default -> -100;
        };
    }
}
