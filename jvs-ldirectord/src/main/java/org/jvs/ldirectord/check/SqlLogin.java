package org.jvs.ldirectord.check;

/**
 * The rule ldirectord applies before any SQL check: both a login and a query are required, else the
 * real server is kept down with an error. Stateless.
 */
final class SqlLogin {
    private SqlLogin() {
    }

    /** The down result for an incomplete configuration, or null when the check may run. */
    static CheckResult refuse(CheckTarget t) {
        if (t.check().login().isEmpty() || t.bareRequest().isEmpty()) {
            return CheckResult.down("Error: Must specify a login and request string for MySQL, Oracle and "
                    + "PostgreSQL checks. Not adding " + t.hostText() + ".");
        }
        return null;
    }
}
