package org.jvs.ldirectord.check;

import java.io.IOException;

/** The connect check: a TCP connection to the check port within checktimeout is up. Stateless. */
final class ConnectCheck implements Check {
    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        Connection.open(t.inet(), t.checkPort(), t.checkDeadline()).close();
        return CheckResult.up(CheckResult.NO_MESSAGE);
    }
}
