package org.jvs.ldirectord.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jvs.ldirectord.check.HealthChecker;
import org.jvs.ldirectord.config.RealServerConfig;
import org.jvs.ldirectord.config.VirtualServiceConfig;

/**
 * One check that runs once per round and whose outcome applies to every virtual service listing
 * the same real server the same way ({@link RealId}); with {@code fork=yes} each virtual service
 * checks its own. Holds ldirectord's per-real failure count. Members are added while the
 * {@link ServiceManager} builds its state; the count is guarded by the manager's lock; the checker
 * is used by one check run at a time.
 */
public final class CheckGroup {

    /** One virtual service's entry for the real server. */
    public record Member(VirtualServiceConfig virtual, RealServerConfig real) {
    }

    private final String key;
    private final String realId;
    private final List<Member> members = new ArrayList<>();
    private final HealthChecker checker;
    private final Duration interval;
    private int failCount;

    CheckGroup(String key, String realId, HealthChecker checker, Duration interval) {
        this.key = key;
        this.realId = realId;
        this.checker = checker;
        this.interval = interval;
    }

    /** What identifies the group within one configuration. */
    public String key() {
        return key;
    }

    /** ldirectord's real-server id (monitor-file lines, state keys). */
    public String realId() {
        return realId;
    }

    /** The virtual services sharing this check, in configuration order. */
    public List<Member> members() {
        return members;
    }

    /** Runs the check. */
    public HealthChecker checker() {
        return checker;
    }

    /** The time between the end of one run and the start of the next. */
    public Duration interval() {
        return interval;
    }

    /** The real server (the same address and port in every member). */
    public RealServerConfig real() {
        return members.getFirst().real();
    }

    int failCount() {
        return failCount;
    }

    void setFailCount(int n) {
        failCount = n;
    }
}
