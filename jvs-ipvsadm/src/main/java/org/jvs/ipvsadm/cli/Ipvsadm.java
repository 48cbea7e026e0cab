package org.jvs.ipvsadm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvsadm.control.DirectorUnavailableException;
import org.jvs.ipvsadm.control.IpvsControl;
import org.jvs.ipvsadm.control.socket.UnixSocketControlClient;

/**
 * The {@code ipvsadm} command of ipvsadm 1.31, driving a jvs director through {@link IpvsControl}:
 * the same options (parsed as popt does), defaults, checks, messages, exit statuses, listings and
 * save/restore format as the real tool. Exit statuses: 0 success; 2 for command-line errors and
 * when the director cannot be reached; 255 for an unknown option or a refused table change; 1 for
 * a failed listing.
 *
 * <p>The director is contacted only when a command needs it, so {@code -h}, {@code -v} and
 * command-line errors work without one. One instance runs one command; not thread-safe.
 */
public final class Ipvsadm {
    private static final String DEFAULT_SCHEDULER = "wlc";
    private static final String DEFAULT_MCAST_INTERFACE = "eth0";

    private final Output io;
    private final InputStream stdin;
    private final DirectorSession session;
    private final CommandLineParser parser;
    private final LegalityCheck legality;
    private final ServiceLister services;
    private final ConnectionLister connections;
    private final SettingsLister settings;

    /**
     * @param program        the name ipvsadm was invoked as, used in its help and hints
     * @param control        opens the director connection, on first need
     * @param names          host and service name lookups
     * @param posixlyCorrect whether POSIXLY_CORRECT is set (options end at the first non-option)
     */
    public Ipvsadm(String program, InputStream stdin, PrintStream out, PrintStream err,
                   Supplier<IpvsControl> control, NameResolver names, boolean posixlyCorrect) {
        this.io = new Output(out, err, program);
        this.stdin = stdin;
        this.session = new DirectorSession(control, io);
        this.parser = new CommandLineParser(io, names, posixlyCorrect);
        this.legality = new LegalityCheck(io);
        AddressNames addressNames = new AddressNames(names);
        this.services = new ServiceLister(io, session, addressNames);
        this.connections = new ConnectionLister(io, session, addressNames);
        this.settings = new SettingsLister(io, session);
    }

    /** The {@code ipvsadm} program: talks to the director of {@code $JVS_RUN_DIR} and exits with ipvsadm's status. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, UnixSocketControlClient::connect));
    }

    /**
     * Runs {@code ipvsadm argv...} (arguments after the program name) with the system's name
     * lookups and environment, and returns the exit status.
     */
    public static int run(String[] argv, InputStream stdin, PrintStream out, PrintStream err,
                          Supplier<IpvsControl> control) {
        boolean posix = System.getenv("POSIXLY_CORRECT") != null || System.getenv("POSIX_ME_HARDER") != null;
        return new Ipvsadm("ipvsadm", stdin, out, err, control, new SystemNameResolver(), posix).run(argv);
    }

    /** Runs one command line (the arguments after the program name) and returns the exit status. */
    public int run(String[] args) {
        try {
            if (args.length == 0) {
                services.listAll(ListFormat.NONE);
                return 0;
            }
            return processOptions(args, false) & 0xFF;
        } catch (IpvsadmExit e) {
            return e.status();
        } catch (DirectorUnavailableException e) {
            return session.cannotInitialize(e.getMessage()).status();
        } finally {
            session.close();
            io.out.flush();
            io.err.flush();
        }
    }

    /** process_options: one command line, from argv or from a {@code -R} input line. */
    private int processOptions(String[] args, boolean readingStdin) {
        CommandEntry ce = new CommandEntry();
        if (!parser.parse(args, ce)) {
            return -1;
        }
        legality.command(ce.command, ce.options);
        ServiceSpec svc = ce.service;
        DestSpec dest = ce.dest;

        if (ce.command == Command.ADD || ce.command == Command.EDIT) {
            if (svc.fwmark == 0 && svc.port == 0 && !svc.persistent()) {
                throw io.fail(2, "Zero port specified for non-persistent service");
            }
            if ((svc.flags & ServiceFlags.ONEPACKET) != 0 && svc.fwmark == 0 && svc.protocol != Protocol.UDP.number()) {
                throw io.fail(2, "One-Packet Scheduling is only for UDP virtual services");
            }
            if (svc.scheduler.isEmpty()) {
                svc.scheduler = DEFAULT_SCHEDULER;
            }
        }
        if (ce.command == Command.STARTDAEMON && ce.mcastInterface.isEmpty()) {
            ce.mcastInterface = DEFAULT_MCAST_INTERFACE;
        }
        if (ce.command == Command.ADDDEST || ce.command == Command.EDITDEST) {
            ForwardingMethod fwd = dest.method;
            // Direct routing and tunnelling cannot change the port: the real server gets the service's.
            if (svc.fwmark == 0 && (fwd == ForwardingMethod.TUNNEL || fwd == ForwardingMethod.ROUTE)) {
                dest.port = svc.port;
            }
            if (dest.family != svc.family && fwd != ForwardingMethod.TUNNEL) {
                throw io.fail(2, "Different address family is allowed only for tunneling servers");
            }
            boolean tunnelOptions = ce.has(OptionBit.TUN_TYPE) || ce.has(OptionBit.TUN_PORT)
                    || ce.has(OptionBit.TUN_NOCSUM) || ce.has(OptionBit.TUN_CSUM) || ce.has(OptionBit.TUN_REMCSUM);
            if (tunnelOptions && fwd != ForwardingMethod.TUNNEL) {
                throw io.fail(2, "Tunnel options conflict with forward method");
            }
            legality.tunnel(dest.tunnelType, ce.options);
        }

        return switch (ce.command) {
            case LIST -> list(ce);
            case RESTORE -> restore(readingStdin);
            case SAVE -> {
                services.listAll(ce.format | ListFormat.RULE);
                yield 0;
            }
            case FLUSH -> session.perform(IpvsCall.FLUSH, IpvsControl::flush);
            case ADD -> session.perform(IpvsCall.ADD_SERVICE, c -> c.addService(svc.config()));
            case EDIT -> session.perform(IpvsCall.UPDATE_SERVICE, c -> c.editService(svc.config()));
            case DEL -> session.perform(IpvsCall.DEL_SERVICE, c -> c.deleteService(svc.key()));
            case ZERO -> session.perform(IpvsCall.ZERO_SERVICE, c -> c.zero(svc.isSet() ? svc.key() : null));
            case ADDDEST -> session.perform(IpvsCall.ADD_DEST, c -> c.addDest(svc.key(), dest.config()));
            case EDITDEST -> session.perform(IpvsCall.UPDATE_DEST, c -> c.editDest(svc.key(), dest.config()));
            case DELDEST -> session.perform(IpvsCall.DEL_DEST, c -> c.deleteDest(svc.key(), dest.address, dest.port));
            case TIMEOUT -> session.perform(IpvsCall.SET_TIMEOUT, c -> c.setTimeouts(ce.timeouts));
            case STARTDAEMON -> session.perform(IpvsCall.START_DAEMON, c -> c.startDaemon(ce.daemon()));
            case STOPDAEMON -> session.perform(IpvsCall.STOP_DAEMON, c -> c.stopDaemon(ce.daemonState));
        };
    }

    private int list(CommandEntry ce) {
        boolean connTimeoutDaemon = ce.has(OptionBit.CONNECTION) || ce.has(OptionBit.TIMEOUT) || ce.has(OptionBit.DAEMON);
        boolean counters = ce.has(OptionBit.STATS) || ce.has(OptionBit.RATE) || ce.has(OptionBit.THRESHOLDS);
        boolean timeoutDaemon = ce.has(OptionBit.TIMEOUT) || ce.has(OptionBit.DAEMON);
        if ((connTimeoutDaemon && counters) || (timeoutDaemon && ce.has(OptionBit.PERSISTENTCONN))) {
            throw io.fail(2, "options conflicts in the list command");
        }
        if (ce.has(OptionBit.CONNECTION)) {
            connections.list(ce.format);
        } else if (ce.has(OptionBit.SERVICE)) {
            services.listService(ce.service.key(), ce.format);
        } else if (ce.has(OptionBit.TIMEOUT)) {
            settings.listTimeouts();
        } else if (ce.has(OptionBit.DAEMON)) {
            settings.listDaemons();
        } else {
            services.listAll(ce.format);
        }
        return 0;
    }

    /**
     * restore_table: every line of stdin as a command line. A line's command-line error ends the
     * whole restore; a refused change is reported and the next line runs; the result is the last
     * line's.
     */
    private int restore(boolean readingStdin) {
        if (readingStdin) {
            throw io.tryHelp(-1); // -R inside restored input would read the same stream forever
        }
        RestoreReader reader = new RestoreReader(stdin);
        int result = 0;
        try {
            List<String> words;
            while ((words = reader.nextLine()) != null) {
                if (!words.isEmpty()) {
                    result = processOptions(words.toArray(String[]::new), true);
                }
            }
        } catch (IOException e) {
            throw io.fail(2, "cannot read the rules from stdin: " + e.getMessage());
        }
        return result;
    }
}
