package org.jvs.ipvsadm.cli;

import java.io.PrintStream;

/**
 * ipvsadm's two streams and the program name it prints, with its ways of ending: fail (message
 * and exit status), the "Try ... -h" hint, usage and version. Not thread-safe.
 */
final class Output {
    final PrintStream out;
    final PrintStream err;
    final String program;

    Output(PrintStream out, PrintStream err, String program) {
        this.out = out;
        this.err = err;
        this.program = program;
    }

    /** ipvsadm's fail(): the message and a newline on stderr, then exit with {@code status}. */
    IpvsadmExit fail(int status, String message) {
        err.print(message + "\n");
        return new IpvsadmExit(status);
    }

    /** tryhelp_exit(): the hint on stderr, then exit with {@code status}. */
    IpvsadmExit tryHelp(int status) {
        err.print("Try `" + program + " -h' or '" + program + " --help' for more information.\n");
        return new IpvsadmExit(status);
    }

    /** usage_exit(): the help text, on stdout for status 0 and on stderr otherwise. */
    IpvsadmExit usage(int status) {
        (status == 0 ? out : err).print(UsageText.usage(program));
        return new IpvsadmExit(status);
    }

    /** version_exit(). */
    IpvsadmExit version(int status) {
        (status == 0 ? out : err).print(UsageText.version());
        return new IpvsadmExit(status);
    }
}
