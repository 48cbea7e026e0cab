package org.jvs.cli;

import java.util.Arrays;
import org.jvs.ipvsadm.cli.Ipvsadm;
import org.jvs.ipvsadm.control.socket.UnixSocketControlClient;
import org.jvs.drbd.Drbdadm;
import org.jvs.heartbeat.Heartbeat;
import org.jvs.ldirectord.Ldirectord;
import org.jvs.realserver.RealServerCommand;
import picocli.CommandLine;

/**
 * The {@code jvs} launcher. The tools that must be drop-ins for the real ones (ipvsadm, ldirectord,
 * heartbeat, drbdadm) parse their own arguments exactly as the originals do, so they
 * are dispatched before picocli sees anything; the jvs-only commands use picocli.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit status. */
    static int run(String[] args) {
        if (args.length > 0) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            switch (args[0]) {
                case "ipvsadm":
                    return Ipvsadm.run(rest, System.in, System.out, System.err, UnixSocketControlClient::connect);
                case "ldirectord":
                    return Ldirectord.main(rest, System.out, System.err);
                case "heartbeat":
                    return Heartbeat.main(rest, System.out, System.err);
                case "drbdadm":
                    return Drbdadm.main(rest, System.out, System.err);
                case "realserver":
                    return RealServerCommand.main(rest, System.out, System.err);
                default:
                    break;
            }
        }
        return new CommandLine(new JvsCommand()).execute(args);
    }
}
