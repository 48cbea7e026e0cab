package org.jvs.ldirectord.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The external and external-perl checks: {@code checkcommand <vip|fwmark> <vport> <rip> <rport>}
 * (IPv6 addresses in brackets, as ldirectord passes them), exec'd without a shell; exit status 0
 * is up. After checktimeout the command gets SIGTERM and the server is down. external-perl runs the
 * file with {@code perl} instead of evaluating it in-process; the arguments and exit convention are
 * the same, and, as in ldirectord, its outcome is not written to the monitor file. Thread-safe.
 */
final class ExternalCheck implements Check {
    private final ProcessRunner runner;
    private final boolean perl;

    ExternalCheck(ProcessRunner runner, boolean perl) {
        this.runner = runner;
        this.perl = perl;
    }

    @Override
    public CheckResult run(CheckTarget t) throws InterruptedException {
        List<String> argv = new ArrayList<>();
        if (perl) {
            argv.add("perl");
        }
        argv.addAll(List.of(t.check().checkCommand(), t.virtualHost(), Integer.toString(t.virtualPort()),
                t.hostText(), Integer.toString(t.realPort())));
        int status = runner.run(argv, t.checkTimeout());
        if (perl) {
            return CheckResult.unmonitored(status == 0);
        }
        return status == 0 ? CheckResult.up(CheckResult.NO_MESSAGE) : CheckResult.down(CheckResult.NO_MESSAGE);
    }
}
