package org.jvs.ldirectord.state;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ldirectord.alert.EmailAlerts;
import org.jvs.ldirectord.config.Addresses;
import org.jvs.ldirectord.config.Forward;
import org.jvs.ldirectord.config.VirtualServiceConfig;
import org.jvs.ldirectord.log.LdLog;
import org.jvs.ldirectord.table.DirectorTable;
import org.jvs.ldirectord.table.TableException;
import org.jvs.ldirectord.table.TableService;

/**
 * The table edits of ldirectord ({@code _restore_service}, {@code _remove_service}, the purges and
 * {@code -A/-E}), each preceded by a fresh look at the table, logged with ldirectord's exact texts
 * ("Added real server: ip:port (vip:port) (Weight set to 1)", "Deleted real server: ...",
 * "Quiescent ...", "Restored ...", "Purged ...") and mailed when alerts are on. A refused edit is
 * logged as ldirectord logs a failed ipvsadm run, with the ipvsadm command it stands for. Called
 * under the {@link ServiceManager}'s lock; not thread-safe on its own.
 */
final class TableEditor {
    /** The tag of a configured real server in log lines. */
    static final String REAL = "real";
    /** The tag of a fallback server in log lines. */
    static final String FALLBACK = "fallback";

    private final DirectorTable table;
    private final LdLog log;
    private final EmailAlerts mail;
    private final Clock clock;

    TableEditor(DirectorTable table, LdLog log, EmailAlerts mail, Clock clock) {
        this.table = table;
        this.log = log;
        this.mail = mail;
        this.clock = clock;
    }

    /** {@code -A} for a new service, {@code -E} for one the table has. */
    void putService(VirtualServiceConfig v, boolean exists) {
        String args = (exists ? "-E " : "-A ") + serviceFlags(v);
        run(args, () -> {
            if (exists) {
                table.editService(v.serviceConfig());
            } else {
                table.addService(v.serviceConfig());
            }
        });
        log.log((exists ? "Changed" : "Added") + " virtual server: " + v.text());
    }

    /** Adds the server, or edits it when its weight, thresholds or method differ ("Restored"). */
    void restore(VirtualServiceConfig v, IpAddress address, int port, Forward forward, int weight, String tag,
                 int lower, int upper) {
        String rs = Addresses.hostText(address) + ":" + port;
        String args = virtualOption(v) + " -x " + upper + " -y " + lower + " -r " + rs + " " + flag(forward) + " -w " + weight;
        String logArgs = tag + " server: " + rs + " (" + v.text() + ")";
        DestConfig dest = new DestConfig(address, port, forward.method(), weight, upper, lower, null);
        Optional<DestConfig> current = lookup(v).flatMap(s -> s.real(address, port));
        if (current.isPresent()) {
            DestConfig c = current.get();
            if (c.weight() == weight && c.upperThreshold() == upper && c.lowerThreshold() == lower
                    && Forward.ofMethod(c.method()) == forward) {
                return;
            }
            run("-e " + args, () -> table.editReal(v.serviceKey(), dest));
            announce("Restored " + logArgs + " (Weight set to " + weight + ")", v, rs, 0);
        } else {
            run("-a " + args, () -> table.addReal(v.serviceKey(), dest));
            announce("Added " + logArgs + " (Weight set to " + weight + ")", v, rs, 0);
        }
    }

    /**
     * Takes a server out: weight 0 when the virtual is quiescent (never for a fallback), else
     * deleted. A server the table does not have under its own port is looked for under the
     * virtual's port, where ipvsadm's port rule puts gate and ipip servers ("mapped from").
     */
    void remove(VirtualServiceConfig v, IpAddress address, int port, Forward forward, String tag, boolean readdQuiescent) {
        Optional<TableService> service = lookup(v);
        if (service.isEmpty()) {
            return;
        }
        boolean quiescent = !tag.equals(FALLBACK) && v.quiescent();
        int realPort = port;
        Optional<DestConfig> current = service.get().real(address, port);
        String mappedFrom = null;
        if (current.isEmpty() && !v.isFwmark()) {
            current = service.get().real(address, v.port());
            if (current.isPresent()) {
                mappedFrom = Addresses.hostText(address) + ":" + port;
                realPort = v.port();
            }
        }
        if (current.isEmpty() && !quiescent || quiescent && current.isPresent() && current.get().weight() == 0
                && Forward.ofMethod(current.get().method()) == forward) {
            return;
        }
        String rs = Addresses.hostText(address) + ":" + realPort;
        String args = virtualOption(v) + " -r " + rs;
        String logArgs = tag + " server: " + rs + " " + (mappedFrom != null ? "mapped from " + mappedFrom + " " : "")
                + "(" + v.text() + ")";
        long now = clock.millis() / 1000;
        DestConfig quiet = new DestConfig(address, realPort, forward.method(), 0, 0, 0, null);
        if (quiescent) {
            if (current.isPresent()) {
                run("-e " + args + " " + flag(forward) + " -w 0", () -> table.editReal(v.serviceKey(), quiet));
                announce("Quiescent " + logArgs + " (Weight set to 0)", v, rs, now);
            } else if (readdQuiescent) {
                run("-a " + args + " " + flag(forward) + " -w 0", () -> table.addReal(v.serviceKey(), quiet));
                log.log("Readd Quiescent " + logArgs + " (Weight set to 0)");
                mail.alert("Quiescent " + logArgs + " (Weight set to 0)", v, rs, now);
            }
            return;
        }
        int deletePort = realPort;
        run("-d " + args, () -> table.deleteReal(v.serviceKey(), address, deletePort));
        announce("Deleted " + logArgs, v, rs, tag.equals(FALLBACK) ? 0 : now);
    }

    /** Deletes a real server ldirectord does not track (start, reload) or no longer wants (stop). */
    void purgeReal(VirtualServiceConfig v, IpAddress address, int port, String why) {
        String rs = Addresses.hostText(address) + ":" + port;
        run("-d " + virtualOption(v) + " -r " + rs, () -> table.deleteReal(v.serviceKey(), address, port));
        announce("Purged real server (" + why + "): " + rs + " (" + v.text() + ")", v, rs, 0);
    }

    /** Deletes a virtual service with everything in it. */
    void purgeVirtual(VirtualServiceConfig v, String why) {
        run("-D " + virtualOption(v), () -> table.deleteService(v.serviceKey()));
        log.log("Purged virtual server (" + why + "): " + v.text());
    }

    /** The table's view of the virtual service, or empty when it is missing or cannot be read. */
    Optional<TableService> lookup(VirtualServiceConfig v) {
        try {
            return table.service(v.serviceKey());
        } catch (TableException e) {
            log.log("Could not read the director's table: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void announce(String message, VirtualServiceConfig v, String rs, long downSince) {
        log.log(message);
        mail.alert(message, v, rs, downSince);
    }

    private void run(String args, TableEdit edit) {
        log.debug(3, "Running system(ipvsadm " + args + ")");
        try {
            edit.run();
        } catch (TableException e) {
            log.log("system(ipvsadm " + args + ") failed: " + e.getMessage());
        }
    }

    /** ldirectord's {@code -A/-E} arguments: {@code -t|-u|-f vs [-o] -s sched [-p t [-M mask]] [-b flags]}. */
    static String serviceFlags(VirtualServiceConfig v) {
        StringBuilder b = new StringBuilder(virtualOption(v)).append(' ');
        if (v.onePacket() && v.protocol() == org.jvs.ldirectord.config.VirtualProtocol.UDP) {
            b.append("-o ");
        }
        b.append("-s ").append(v.scheduler());
        if (v.persistentSec() > 0) {
            b.append(" -p ").append(v.persistentSec());
            boolean v6 = v.family() == AddressFamily.INET6;
            if (v6 ? v.netmask() != 128 : v.netmask() != -1) {
                b.append(" -M ").append(v6 ? Integer.toString(v.netmask()) : IpAddress.ofV4(v.netmask()).toString());
            }
        }
        if ((v.schedFlags() & ServiceFlags.SCHED_MASK) != 0) {
            b.append(" -b ").append(schedFlagsText(v.scheduler(), v.schedFlags()));
        }
        return b.toString();
    }

    /** The {@code schedflags} words for the flag bits, as ipvsadm names them for the scheduler. */
    private static String schedFlagsText(String scheduler, int flags) {
        boolean named = scheduler.equals("sh") || scheduler.equals("mh");
        List<String> words = new ArrayList<>();
        if ((flags & ServiceFlags.SCHED1) != 0) {
            words.add(named ? scheduler + "-fallback" : "flag-1");
        }
        if ((flags & ServiceFlags.SCHED2) != 0) {
            words.add(named ? scheduler + "-port" : "flag-2");
        }
        if ((flags & ServiceFlags.SCHED3) != 0) {
            words.add("flag-3");
        }
        return String.join(",", words);
    }

    /** {@code -t vip:port}, {@code -u vip:port}, {@code -f mark} or {@code -f mark -6}. */
    static String virtualOption(VirtualServiceConfig v) {
        String s = v.protocol().ipvsadmSwitch() + " " + v.text();
        return v.isFwmark() && v.family() == AddressFamily.INET6 ? s + " -6" : s;
    }

    private static String flag(Forward f) {
        return switch (f) {
            case GATE -> "-g";
            case MASQ -> "-m";
            case IPIP -> "-i";
        };
    }

    @FunctionalInterface
    private interface TableEdit {
        void run() throws TableException;
    }
}
