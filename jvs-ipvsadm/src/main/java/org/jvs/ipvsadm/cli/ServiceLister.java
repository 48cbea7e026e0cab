package org.jvs.ipvsadm.cli;

import java.util.List;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.TunnelConfig;
import org.jvs.ipvs.stats.StatsSnapshot;
import org.jvs.ipvsadm.control.DestEntry;
import org.jvs.ipvsadm.control.IpvsInfo;
import org.jvs.ipvsadm.control.ServiceEntry;

/**
 * The service listings and the save format, byte for byte as ipvsadm's list_all, list_service,
 * print_title and print_service_entry: the version line (full listings only), the title of the
 * chosen layout, then per service its line and its real servers. IPv4 service and server names are
 * cut at 33 and 28 characters; the last column of a real server line keeps its padding. Not
 * thread-safe.
 */
final class ServiceLister {
    private final Output io;
    private final DirectorSession session;
    private final AddressNames names;

    ServiceLister(Output io, DirectorSession session, AddressNames names) {
        this.io = io;
        this.session = session;
        this.names = names;
    }

    /** list_all: every service ({@code -L}, {@code -S} with {@link ListFormat#RULE}). */
    void listAll(int format) {
        if ((format & ListFormat.RULE) == 0) {
            IpvsInfo info = session.info();
            io.out.print("IP Virtual Server version " + info.major() + "." + info.minor() + "." + info.patch()
                    + " (size=" + info.connTableSize() + ")\n");
        }
        List<ServiceEntry> services;
        try {
            services = session.control().services();
        } catch (IpvsException e) {
            throw listFailed(IpvsCall.GET_SERVICES, e);
        }
        if ((format & ListFormat.NOSORT) == 0) {
            services = EntrySort.services(services);
        }
        StringBuilder sb = new StringBuilder(4096);
        title(sb, format);
        for (ServiceEntry s : services) {
            serviceEntry(sb, s, format);
        }
        io.out.print(sb);
    }

    /** list_service: one service ({@code -L -t VIP:port}), without the version line. */
    void listService(ServiceKey key, int format) {
        ServiceEntry entry;
        try {
            entry = session.control().service(key);
        } catch (IpvsException e) {
            throw listFailed(IpvsCall.GET_SERVICE, e);
        }
        StringBuilder sb = new StringBuilder(1024);
        title(sb, format);
        serviceEntry(sb, entry, format);
        io.out.print(sb);
    }

    private IpvsadmExit listFailed(IpvsCall call, IpvsException e) {
        io.err.print(call.message(e.errno()) + "\n");
        return new IpvsadmExit(1);
    }

    private static void title(StringBuilder sb, int format) {
        if ((format & ListFormat.STATS) != 0) {
            sb.append(Columns.left("Prot LocalAddress:Port", 33))
                    .append("    Conns   InPkts  OutPkts  InBytes OutBytes\n  -> RemoteAddress:Port\n");
        } else if ((format & ListFormat.RATE) != 0) {
            sb.append(Columns.left("Prot LocalAddress:Port", 33))
                    .append("      CPS    InPPS   OutPPS    InBPS   OutBPS\n  -> RemoteAddress:Port\n");
        } else if ((format & ListFormat.THRESHOLDS) != 0) {
            sb.append(Columns.left("Prot LocalAddress:Port", 33))
                    .append(" Uthreshold Lthreshold ActiveConn InActConn \n  -> RemoteAddress:Port\n");
        } else if ((format & ListFormat.PERSISTENTCONN) != 0) {
            sb.append(Columns.left("Prot LocalAddress:Port", 33))
                    .append(" Weight    PersistConn ActiveConn InActConn \n  -> RemoteAddress:Port\n");
        } else if ((format & ListFormat.TUN_INFO) != 0) {
            sb.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n");
        } else if ((format & ListFormat.RULE) == 0) {
            sb.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
        }
    }

    private void serviceEntry(StringBuilder sb, ServiceEntry se, int format) {
        ServiceConfig c = se.config();
        ServiceKey k = c.key();
        boolean rule = (format & ListFormat.RULE) != 0;
        boolean numeric = (format & ListFormat.NUMERIC) != 0;
        boolean exact = (format & ListFormat.EXACT) != 0;
        boolean v6 = k.family() == AddressFamily.INET6;
        String svcName;
        if (k.isFwmark()) {
            String mark = Integer.toUnsignedString(k.fwmark());
            svcName = rule ? "-f " + mark + (v6 ? " -6" : "") : "FWM  " + mark + (v6 ? " IPv6" : "");
        } else {
            String vname = names.addrPort(k.address(), k.port(), k.protocol(), numeric);
            if (rule) {
                svcName = saveSwitch(k.protocol()) + " " + vname;
            } else {
                svcName = Columns.left(label(k.protocol()), 4) + " " + vname;
                if (!v6 && svcName.length() > 33) {
                    svcName = svcName.substring(0, 33);
                }
            }
        }
        boolean schedFlags = (c.flags() & ServiceFlags.SCHED_MASK) != 0;
        if (rule) {
            sb.append("-A ").append(svcName).append(" -s ").append(c.scheduler());
            if (c.persistent()) {
                sb.append(" -p ").append(Integer.toUnsignedString(c.timeoutSec()));
                netmask(sb, c, " -M ");
            }
            if (!c.peName().isEmpty()) {
                sb.append(" --pe ").append(c.peName());
            }
            if (c.onePacket()) {
                sb.append(" -o");
            }
            if (schedFlags) {
                sb.append(" -b ").append(schedFlagsText(c));
            }
        } else if ((format & ListFormat.STATS) != 0) {
            sb.append(Columns.left(svcName, 33));
            counters(sb, se.stats(), exact);
        } else if ((format & ListFormat.RATE) != 0) {
            sb.append(Columns.left(svcName, 33));
            rates(sb, se.stats(), exact);
        } else {
            sb.append(svcName).append(' ').append(c.scheduler());
            if (schedFlags) {
                sb.append(" (").append(schedFlagsText(c)).append(')');
            }
            if (c.persistent()) {
                sb.append(" persistent ").append(Integer.toUnsignedString(c.timeoutSec()));
                netmask(sb, c, " mask ");
                if (!c.peName().isEmpty()) {
                    sb.append(" pe ").append(c.peName());
                }
            }
            if (c.onePacket()) {
                sb.append(" ops");
            }
        }
        sb.append('\n');

        List<DestEntry> dests = (format & ListFormat.NOSORT) == 0 ? EntrySort.dests(se.dests()) : se.dests();
        for (DestEntry e : dests) {
            dest(sb, svcName, k.protocol(), e, format);
        }
    }

    private void dest(StringBuilder sb, String svcName, Protocol protocol, DestEntry e, int format) {
        DestConfig d = e.config();
        boolean rule = (format & ListFormat.RULE) != 0;
        boolean exact = (format & ListFormat.EXACT) != 0;
        String dname = names.addrPort(d.address(), d.port(), protocol, (format & ListFormat.NUMERIC) != 0);
        if (!rule && d.address().isV4() && dname.length() > 28) {
            dname = dname.substring(0, 28);
        }
        if (rule) {
            sb.append("-a ").append(svcName).append(" -r ").append(dname).append(' ')
                    .append(d.method().saveSwitch()).append(" -w ").append(d.weight());
            if (d.method() == ForwardingMethod.TUNNEL) {
                TunnelConfig t = d.tunnel();
                sb.append(" --tun-type ").append(t.type().label());
                switch (t.type()) {
                    case GUE -> sb.append(" --tun-port ").append(t.port()).append(' ').append(t.csumOption());
                    case GRE -> sb.append(' ').append(t.csumOption());
                    case IPIP -> { }
                }
            }
            sb.append('\n');
            return;
        }
        sb.append("  -> ").append(Columns.left(dname, 28));
        if ((format & ListFormat.STATS) != 0) {
            counters(sb, e.stats(), exact);
        } else if ((format & ListFormat.RATE) != 0) {
            StatsSnapshot s = e.stats();
            sb.append(' ').append(LargeNumber.pad(Long.toUnsignedString(s.cps()), 8))
                    .append(' ').append(LargeNumber.pad(Long.toUnsignedString(s.inPps()), 8))
                    .append(' ').append(LargeNumber.pad(Long.toUnsignedString(s.outPps()), 8))
                    .append(LargeNumber.format(s.inBps(), exact))
                    .append(LargeNumber.format(s.outBps(), exact));
        } else if ((format & ListFormat.THRESHOLDS) != 0) {
            sb.append(' ').append(Columns.leftUnsigned(d.upperThreshold(), 10))
                    .append(' ').append(Columns.leftUnsigned(d.lowerThreshold(), 10))
                    .append(' ').append(Columns.leftUnsigned(e.activeConns(), 10))
                    .append(' ').append(Columns.leftUnsigned(e.inactConns(), 10));
        } else if ((format & ListFormat.PERSISTENTCONN) != 0) {
            sb.append(' ').append(Columns.leftUnsigned(d.weight(), 9))
                    .append(' ').append(Columns.leftUnsigned(e.persistConns(), 11))
                    .append(' ').append(Columns.leftUnsigned(e.activeConns(), 10))
                    .append(' ').append(Columns.leftUnsigned(e.inactConns(), 10));
        } else {
            sb.append(' ').append(Columns.left(d.method().label(), 7));
            if ((format & ListFormat.TUN_INFO) != 0) {
                sb.append(' ').append(Columns.left(tunnelInfo(d), 13));
            }
            sb.append(' ').append(Columns.left(Integer.toString(d.weight()), 6))
                    .append(' ').append(Columns.leftUnsigned(e.activeConns(), 10))
                    .append(' ').append(Columns.leftUnsigned(e.inactConns(), 10));
        }
        sb.append('\n');
    }

    private static void counters(StringBuilder sb, StatsSnapshot s, boolean exact) {
        sb.append(LargeNumber.format(s.conns(), exact))
                .append(LargeNumber.format(s.inPkts(), exact))
                .append(LargeNumber.format(s.outPkts(), exact))
                .append(LargeNumber.format(s.inBytes(), exact))
                .append(LargeNumber.format(s.outBytes(), exact));
    }

    private static void rates(StringBuilder sb, StatsSnapshot s, boolean exact) {
        sb.append(LargeNumber.format(s.cps(), exact))
                .append(LargeNumber.format(s.inPps(), exact))
                .append(LargeNumber.format(s.outPps(), exact))
                .append(LargeNumber.format(s.inBps(), exact))
                .append(LargeNumber.format(s.outBps(), exact));
    }

    /** The persistence mask when it is not the host mask: dotted for IPv4, a prefix for IPv6. */
    private static void netmask(StringBuilder sb, ServiceConfig c, String word) {
        if (c.key().family() == AddressFamily.INET) {
            if (c.netmask() != ServiceConfig.V4_HOST_MASK) {
                sb.append(word).append(IpAddress.ofV4(c.netmask()));
            }
        } else if (c.netmask() != ServiceConfig.V6_HOST_PREFIX) {
            sb.append(word).append(c.netmask());
        }
    }

    /** print_sched_flags: the flag words of the scheduler, comma-separated. */
    private static String schedFlagsText(ServiceConfig c) {
        StringBuilder f = new StringBuilder();
        int flags = c.flags();
        String sched = c.scheduler();
        if (sched.equals("sh") || sched.equals("mh")) {
            if ((flags & ServiceFlags.SCHED_FALLBACK) != 0) {
                f.append(sched).append("-fallback,");
            }
            if ((flags & ServiceFlags.SCHED_PORT) != 0) {
                f.append(sched).append("-port,");
            }
        } else {
            if ((flags & ServiceFlags.SCHED1) != 0) {
                f.append("flag-1,");
            }
            if ((flags & ServiceFlags.SCHED2) != 0) {
                f.append("flag-2,");
            }
            if ((flags & ServiceFlags.SCHED3) != 0) {
                f.append("flag-3,");
            }
        }
        return f.isEmpty() ? "" : f.substring(0, f.length() - 1);
    }

    /** fwd_tun_info: ipip, gue:PORT:FLAGS or gre:FLAGS for tunnel servers, n/a otherwise. */
    private static String tunnelInfo(DestConfig d) {
        if (d.method() != ForwardingMethod.TUNNEL) {
            return "n/a";
        }
        TunnelConfig t = d.tunnel();
        return switch (t.type()) {
            case IPIP -> "ipip";
            case GUE -> "gue:" + t.port() + ":" + t.csumLabel();
            case GRE -> "gre:" + t.csumLabel();
        };
    }

    /** protocol_name. */
    private static String label(Protocol p) {
        return switch (p) {
            case TCP, UDP, SCTP -> p.label();
            case IP -> "?";
        };
    }

    /** option_from_protocol. */
    private static String saveSwitch(Protocol p) {
        return switch (p) {
            case TCP -> "-t";
            case UDP -> "-u";
            case SCTP -> "--sctp-service";
            case IP -> "--xxx-service";
        };
    }
}
