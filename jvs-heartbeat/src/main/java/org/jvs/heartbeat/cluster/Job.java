package org.jvs.heartbeat.cluster;

/**
 * Resource work heartbeat hands to a child process, here run off the conductor thread one at a
 * time. Each job's completion is reported back as a {@link JobOutcome}, and the conductor then
 * sends the message heartbeat's child would send when done. Immutable.
 */
public sealed interface Job {

    /** heartbeat's {@code req_our_resources}: acquire our own groups not already running. */
    record RequestOurResources(boolean dontAsk) implements Job {
    }

    /** The {@code mach_down} script: take over the groups of a dead node. */
    record MachDown(String node) implements Job {
    }

    /**
     * {@code go_standby}: give up ({@code acquire} false) or take over the groups selected by
     * {@code actResources} (local = ours, foreign = the others, all); {@code standbySet} is the set
     * named in the "done" message that follows.
     */
    record Standby(boolean acquire, int actResources, int standbySet) implements Job {
    }

    /** {@code hb_giveup_resources}: release every group (shutdown), then send shutdone. */
    record GiveUpAll() implements Job {
    }

    /** {@code rc.d/ip-request-resp}: take one group. */
    record TakeGroup(String key) implements Job {
    }

    /** {@code rc.d/ip-request} (legacy): release a group a peer asks for, then answer it. */
    record ReleaseForPeer(String key, String requester) implements Job {
    }
}
