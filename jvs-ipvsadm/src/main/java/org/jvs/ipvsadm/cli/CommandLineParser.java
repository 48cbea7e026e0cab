package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.TunnelConfig;
import org.jvs.ipvs.service.TunnelType;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.Timeouts;

/**
 * ipvsadm's parse_options: reads one command line into a {@link CommandEntry} in option order,
 * with ipvsadm's checks and messages. The first option must be the command; a command word later
 * on is an "invalid option", as in ipvsadm 1.31. Not thread-safe.
 */
final class CommandLineParser {
    /** MAX_TIMEOUT: 31 days. */
    static final int MAX_TIMEOUT = 86400 * 31;
    /** IPVS_SVC_PERSISTENT_TIMEOUT: what {@code -p} without a value means. */
    static final int DEFAULT_PERSISTENT_TIMEOUT = 6 * 60;
    private static final int SCHED_NAME_MAX = 15;
    private static final int PE_NAME_MAX = 16;
    private static final int IFNAME_MAX = 15;
    private static final int SCHED_FLAGS_ARG_MAX = 127;

    private final Output io;
    private final AddressParser addresses;
    private final boolean posixlyCorrect;

    CommandLineParser(Output io, NameResolver names, boolean posixlyCorrect) {
        this.io = io;
        this.addresses = new AddressParser(names);
        this.posixlyCorrect = posixlyCorrect;
    }

    /**
     * Fills {@code ce} from {@code args} (the words after the program name). Returns false after
     * printing popt's complaint about a malformed option (ipvsadm then returns -1); exits through
     * {@link IpvsadmExit} on every other error, and for {@code -h} and {@code -v}.
     */
    boolean parse(String[] args, CommandEntry ce) {
        PoptScanner popt = new PoptScanner(args, posixlyCorrect);
        if (!(popt.next() instanceof PoptScanner.Hit first)) {
            throw io.tryHelp(-1);
        }
        ce.command = command(first);
        if (ce.command == Command.STARTDAEMON || ce.command == Command.STOPDAEMON) {
            ce.daemonState = daemonState(first.arg());
            if (ce.daemonState == null) {
                // ipvsadm's own wording, typo included, for --stop-daemon.
                throw io.fail(2, ce.command == Command.STARTDAEMON
                        ? "illegal start-daemon parameter specified" : "illegal start_daemon specified");
            }
        }
        String schedFlags = "";
        PoptScanner.Token t;
        while ((t = popt.next()) instanceof PoptScanner.Hit hit) {
            String s = option(hit, ce, popt);
            if (s != null) {
                schedFlags = s;
            }
        }
        if (t instanceof PoptScanner.Error e) {
            io.err.print(popt.badOption() + ": " + e.message() + "\n");
            return false;
        }
        if (ce.command == Command.TIMEOUT) {
            String tcp = popt.nextLeftover();
            String fin = tcp == null ? null : popt.nextLeftover();
            String udp = fin == null ? null : popt.nextLeftover();
            if (udp == null) {
                throw io.fail(2, "--set option requires 3 timeout values");
            }
            ce.timeouts = new Timeouts(timeout(tcp, 0), timeout(fin, 0), timeout(udp, 0));
        }
        String extra = popt.nextLeftover();
        if (extra != null) {
            throw io.fail(2, "unexpected argument " + extra);
        }
        if (!schedFlags.isEmpty()) {
            ce.service.flags &= ~ServiceFlags.SCHED_MASK;
            ce.service.flags |= schedFlags(ce.service.scheduler, schedFlags);
        }
        return true;
    }

    private Command command(PoptScanner.Hit first) {
        return switch (first.option()) {
            case ADD_SERVICE -> Command.ADD;
            case EDIT_SERVICE -> Command.EDIT;
            case DELETE_SERVICE -> Command.DEL;
            case ADD_SERVER -> Command.ADDDEST;
            case EDIT_SERVER -> Command.EDITDEST;
            case DELETE_SERVER -> Command.DELDEST;
            case CLEAR -> Command.FLUSH;
            case LIST, LIST_LOWER -> Command.LIST;
            case ZERO -> Command.ZERO;
            case SET -> Command.TIMEOUT;
            case RESTORE -> Command.RESTORE;
            case SAVE -> Command.SAVE;
            case START_DAEMON -> Command.STARTDAEMON;
            case STOP_DAEMON -> Command.STOPDAEMON;
            case HELP -> throw io.usage(0);
            case VERSION -> throw io.version(0);
            default -> throw io.tryHelp(-1);
        };
    }

    /** Applies one option after the command; returns the {@code -b} text when that was the option. */
    private String option(PoptScanner.Hit hit, CommandEntry ce, PoptScanner popt) {
        String arg = hit.arg();
        ServiceSpec svc = ce.service;
        DestSpec dest = ce.dest;
        switch (hit.option()) {
            case TCP_SERVICE, UDP_SERVICE, SCTP_SERVICE -> {
                set(ce, OptionBit.SERVICE);
                svc.protocol = switch (hit.option()) {
                    case TCP_SERVICE -> Protocol.TCP.number();
                    case UDP_SERVICE -> Protocol.UDP.number();
                    default -> Protocol.SCTP.number();
                };
                if ((addresses.parseService(arg, svc) & AddressParser.SERVICE_ADDR) == 0) {
                    throw io.fail(2, "illegal virtual server address[:port] specified");
                }
            }
            case FWMARK_SERVICE -> {
                set(ce, OptionBit.SERVICE);
                svc.family = AddressFamily.INET;
                svc.protocol = Protocol.TCP.number();
                long mark = CNumbers.fwmark(arg);
                if (mark == CNumbers.INVALID) {
                    throw io.fail(2, "invalid fwmark value `" + arg + "' specified");
                }
                svc.fwmark = (int) mark;
            }
            case SCHEDULER -> {
                set(ce, OptionBit.SCHEDULER);
                svc.scheduler = truncate(arg, SCHED_NAME_MAX);
            }
            case PERSISTENT -> {
                set(ce, OptionBit.PERSISTENT);
                svc.flags |= ServiceFlags.PERSISTENT;
                svc.timeoutSec = arg == null ? DEFAULT_PERSISTENT_TIMEOUT : timeout(arg, 1);
            }
            case NETMASK -> {
                set(ce, OptionBit.NETMASK);
                if (svc.family != AddressFamily.INET6) {
                    Integer mask = addresses.parseNetmask(arg);
                    if (mask == null) {
                        throw io.fail(2, "illegal virtual server persistent mask specified");
                    }
                    svc.netmask = mask;
                } else {
                    svc.netmask = CNumbers.atoi(arg);
                    if (svc.netmask < 1 || svc.netmask > 128) {
                        throw io.fail(2, "illegal ipv6 netmask specified");
                    }
                }
            }
            case REAL_SERVER -> {
                set(ce, OptionBit.SERVER);
                ServiceSpec parsed = svc.copy();
                int r = addresses.parseService(arg, parsed);
                dest.family = parsed.family;
                dest.address = parsed.address;
                dest.port = parsed.port;
                if ((r & AddressParser.SERVICE_ADDR) == 0) {
                    throw io.fail(2, "illegal real server address[:port] specified");
                }
                if (r == AddressParser.SERVICE_ADDR) {
                    dest.port = svc.port;
                }
            }
            case IPIP -> forward(ce, ForwardingMethod.TUNNEL);
            case GATEWAYING -> forward(ce, ForwardingMethod.ROUTE);
            case MASQUERADING -> forward(ce, ForwardingMethod.MASQ);
            case WEIGHT -> {
                set(ce, OptionBit.WEIGHT);
                dest.weight = number(arg, 0, 65535, "illegal weight specified");
            }
            case U_THRESHOLD -> {
                set(ce, OptionBit.UTHRESHOLD);
                dest.upperThreshold = number(arg, 0, Integer.MAX_VALUE, "illegal u_threshold specified");
            }
            case L_THRESHOLD -> {
                set(ce, OptionBit.LTHRESHOLD);
                dest.lowerThreshold = number(arg, 0, Integer.MAX_VALUE, "illegal l_threshold specified");
            }
            case CONNECTION -> set(ce, OptionBit.CONNECTION);
            case NUMERIC -> format(ce, OptionBit.NUMERIC, ListFormat.NUMERIC);
            case MCAST_INTERFACE -> {
                set(ce, OptionBit.MCAST);
                ce.mcastInterface = truncate(arg, IFNAME_MAX);
            }
            case SYNCID -> {
                set(ce, OptionBit.SYNCID);
                ce.syncId = number(arg, 0, 255, "illegal syncid specified");
            }
            case TIMEOUT -> set(ce, OptionBit.TIMEOUT);
            case DAEMON -> set(ce, OptionBit.DAEMON);
            case STATS -> format(ce, OptionBit.STATS, ListFormat.STATS);
            case RATE -> format(ce, OptionBit.RATE, ListFormat.RATE);
            case THRESHOLDS -> format(ce, OptionBit.THRESHOLDS, ListFormat.THRESHOLDS);
            case PERSISTENT_CONN -> format(ce, OptionBit.PERSISTENTCONN, ListFormat.PERSISTENTCONN);
            case NOSORT -> format(ce, OptionBit.NOSORT, ListFormat.NOSORT);
            case SORT -> {
                // Sorting is the default; --sort is accepted for compatibility and does nothing.
            }
            case EXACT -> format(ce, OptionBit.EXACT, ListFormat.EXACT);
            case IPV6 -> {
                if (svc.fwmark == 0) {
                    // ipvsadm's message itself ends in a newline, so two are printed.
                    throw io.fail(2, "-6 used before -f\n");
                }
                svc.family = AddressFamily.INET6;
                svc.netmask = 128;
            }
            case OPS -> {
                set(ce, OptionBit.ONEPACKET);
                svc.flags |= ServiceFlags.ONEPACKET;
            }
            case PE -> {
                set(ce, OptionBit.PERSISTENCE_ENGINE);
                svc.peName = truncate(arg, PE_NAME_MAX);
            }
            case SCHED_FLAGS -> {
                set(ce, OptionBit.SCHED_FLAGS);
                return truncate(arg, SCHED_FLAGS_ARG_MAX);
            }
            case MCAST_GROUP -> {
                set(ce, OptionBit.MCAST_GROUP);
                ce.mcastGroup = mcastGroup(arg);
            }
            case MCAST_PORT -> {
                set(ce, OptionBit.MCAST_PORT);
                ce.mcastPort = number(arg, 1, 65535, "illegal mcast-port specified");
            }
            case MCAST_TTL -> {
                set(ce, OptionBit.MCAST_TTL);
                ce.mcastTtl = number(arg, 1, 255, "illegal mcast-ttl specified");
            }
            case SYNC_MAXLEN -> {
                set(ce, OptionBit.SYNC_MAXLEN);
                ce.syncMaxlen = number(arg, 1, 65535 - 20 - 8, "illegal sync-maxlen specified");
            }
            case TUN_INFO -> format(ce, OptionBit.TUN_INFO, ListFormat.TUN_INFO);
            case TUN_TYPE -> {
                set(ce, OptionBit.TUN_TYPE);
                TunnelType type = TunnelType.ofLabel(arg);
                if (type == null) {
                    throw io.fail(2, "illegal tunnel type specified");
                }
                dest.tunnelType = type;
            }
            case TUN_PORT -> {
                set(ce, OptionBit.TUN_PORT);
                dest.tunnelPort = number(arg, 1, 65535, "illegal tunnel port specified");
            }
            case TUN_NOCSUM -> {
                set(ce, OptionBit.TUN_NOCSUM);
                dest.tunnelFlags |= TunnelConfig.NOCSUM;
            }
            case TUN_CSUM -> {
                set(ce, OptionBit.TUN_CSUM);
                dest.tunnelFlags |= TunnelConfig.CSUM;
            }
            case TUN_REMCSUM -> {
                set(ce, OptionBit.TUN_REMCSUM);
                dest.tunnelFlags |= TunnelConfig.REMCSUM;
            }
            default -> throw io.fail(2, "invalid option `" + popt.badOption() + "'");
        }
        return null;
    }

    private void forward(CommandEntry ce, ForwardingMethod method) {
        set(ce, OptionBit.FORWARD);
        ce.dest.method = method;
    }

    private void format(CommandEntry ce, OptionBit bit, int format) {
        set(ce, bit);
        ce.format |= format;
    }

    /** set_option: each option at most once. */
    private void set(CommandEntry ce, OptionBit bit) {
        if (bit.in(ce.options)) {
            throw io.fail(2, "multiple '" + bit.label() + "' options specified");
        }
        ce.options |= bit.mask();
    }

    private int number(String arg, int min, int max, String error) {
        long n = CNumbers.stringToNumber(arg, min, max);
        if (n == CNumbers.INVALID) {
            throw io.fail(2, error);
        }
        return (int) n;
    }

    /** parse_timeout for a given value. */
    private int timeout(String arg, int min) {
        long n = CNumbers.stringToNumber(arg, min, MAX_TIMEOUT);
        if (n == CNumbers.INVALID) {
            throw io.fail(2, "invalid timeout value `" + arg + "' specified");
        }
        return (int) n;
    }

    private IpAddress mcastGroup(String arg) {
        if (arg.indexOf(':') >= 0) {
            IpAddress a = InetText.inetPton6(arg);
            if (a == null || (a.hi() >>> 56) != 0xFF) {
                throw io.fail(2, "invalid IPv6 mcast-group `" + arg + "'");
            }
            return a;
        }
        IpAddress a = InetText.inetPton4(arg);
        if (a == null || (a.v4() >>> 28) != 0xE) {
            throw io.fail(2, "invalid IPv4 mcast-group `" + arg + "'");
        }
        return a;
    }

    /** parse_sched_flags, checked against the scheduler given (wlc when none). */
    private int schedFlags(String scheduler, String arg) {
        String sched = scheduler.isEmpty() ? "wlc" : scheduler;
        int flags = 0;
        String[] words = arg.split(",");
        boolean any = false;
        for (String flag : words) {
            if (flag.isEmpty()) {
                continue; // strtok skips empty fields
            }
            any = true;
            flags |= switch (flag) {
                case "flag-1" -> ServiceFlags.SCHED1;
                case "flag-2" -> ServiceFlags.SCHED2;
                case "flag-3" -> ServiceFlags.SCHED3;
                case "sh-fallback", "sh-port" -> schedSpecific(flag, sched, "sh");
                case "mh-fallback", "mh-port" -> schedSpecific(flag, sched, "mh");
                default -> throw io.fail(2, "invalid scheduler flag `" + flag + "'");
            };
        }
        if (!any) {
            // ipvsadm dereferences a null token here and crashes; refusing is the sane equivalent.
            throw io.fail(2, "invalid scheduler flag `" + arg + "'");
        }
        return flags;
    }

    private int schedSpecific(String flag, String sched, String required) {
        if (!sched.equals(required)) {
            throw io.fail(2, "incompatible scheduler flag `" + flag + "'");
        }
        return flag.endsWith("-fallback") ? ServiceFlags.SCHED_FALLBACK : ServiceFlags.SCHED_PORT;
    }

    /** strncpy into a fixed field: at most {@code max} characters are kept. */
    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** The daemon role named after {@code --start-daemon}/{@code --stop-daemon}, or null. */
    private static DaemonState daemonState(String arg) {
        return switch (arg) {
            case "master" -> DaemonState.MASTER;
            case "backup" -> DaemonState.BACKUP;
            default -> null;
        };
    }
}
