package org.jvs.ldirectord.check;

import java.io.IOException;
import java.util.Optional;
import org.jvs.ldirectord.config.CheckType;
import org.jvs.ldirectord.config.VirtualProtocol;

/**
 * Runs the configured checktype against one real server, as ldirectord's {@code _check_real}:
 * negotiate, connect (a ping for udp services), ping, external, on (always up, unrecorded), off
 * (nothing: no state change), and combined N (a connect each time; a negotiate first and then after
 * every N successful connects or right after a failed one). An exception of the check is a down
 * result carrying its message. Not thread-safe: one check of a real server runs at a time.
 */
public final class HealthChecker {
    /** The combined counter that forces a negotiate check next time. */
    static final int FORCE_NEGOTIATE = 999_999;

    private final CheckTarget target;
    private final Checks checks;
    private int connectsSinceNegotiate = FORCE_NEGOTIATE;

    public HealthChecker(CheckTarget target, Checks checks) {
        this.target = target;
        this.checks = checks;
    }

    public CheckTarget target() {
        return target;
    }

    /** One check; empty for checktype=off, which never changes a real server's state. */
    public Optional<CheckResult> check() throws InterruptedException {
        CheckType type = target.check().type();
        return switch (type) {
            case NEGOTIATE -> Optional.of(guarded(checks.negotiate(target.check().service())));
            case COMBINED -> Optional.of(combined());
            case CONNECT -> Optional.of(guarded(target.protocol() == VirtualProtocol.UDP ? checks.ping() : checks.connect()));
            case PING -> Optional.of(guarded(checks.ping()));
            case EXTERNAL -> Optional.of(guarded(checks.external(false)));
            case EXTERNAL_PERL -> Optional.of(guarded(checks.external(true)));
            case ON -> Optional.of(CheckResult.unmonitored(true));
            case OFF -> Optional.empty();
        };
    }

    private CheckResult combined() throws InterruptedException {
        if (connectsSinceNegotiate >= target.check().numConnects()) {
            CheckResult r = guarded(checks.negotiate(target.check().service()));
            if (r.up()) {
                connectsSinceNegotiate = 0;
            }
            return r;
        }
        CheckResult r = guarded(checks.connect());
        connectsSinceNegotiate = r.up() ? connectsSinceNegotiate + 1 : FORCE_NEGOTIATE;
        return r;
    }

    private CheckResult guarded(Check check) throws InterruptedException {
        try {
            return check.run(target);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage();
            return CheckResult.down(m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
        }
    }
}
