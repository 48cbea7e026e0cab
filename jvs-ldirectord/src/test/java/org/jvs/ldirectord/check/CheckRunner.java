package org.jvs.ldirectord.check;

/** Runs a target's configured check the way the daemon does. */
final class CheckRunner {
    private static final Checks CHECKS = new Checks(new ProcessRunner(), false);

    private CheckRunner() {
    }

    static CheckResult run(CheckTarget t) throws InterruptedException {
        return new HealthChecker(t, CHECKS).check().orElseThrow();
    }
}
