package org.jvs.ipvsadm.cli;

import java.util.List;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvsadm.control.Timeouts;

/**
 * {@code ipvsadm -L --timeout} and {@code ipvsadm -L --daemon}, as list_timeout and list_daemon
 * print them. Like ipvsadm, a failure to read them ends with status 1 and no message. Not
 * thread-safe.
 */
final class SettingsLister {
    private final Output io;
    private final DirectorSession session;

    SettingsLister(Output io, DirectorSession session) {
        this.io = io;
        this.session = session;
    }

    void listTimeouts() {
        Timeouts t;
        try {
            t = session.control().timeouts();
        } catch (IpvsException e) {
            throw new IpvsadmExit(1);
        }
        io.out.print("Timeout (tcp tcpfin udp): " + t.tcpSec() + " " + t.tcpFinSec() + " " + t.udpSec() + "\n");
    }

    void listDaemons() {
        List<SyncDaemonConfig> daemons;
        try {
            daemons = session.control().daemons();
        } catch (IpvsException e) {
            throw new IpvsadmExit(1);
        }
        StringBuilder sb = new StringBuilder();
        for (SyncDaemonConfig d : daemons) {
            sb.append(d.state().label()).append(" sync daemon (mcast=").append(d.mcastInterface())
                    .append(", syncid=").append(d.syncId());
            if (d.syncMaxlen() != 0) {
                sb.append(", maxlen=").append(Integer.toUnsignedString(d.syncMaxlen()));
            }
            if (d.mcastGroup() != null) {
                sb.append(", group=").append(d.mcastGroup());
            }
            if (d.mcastPort() != 0) {
                sb.append(", port=").append(Integer.toUnsignedString(d.mcastPort()));
            }
            if (d.mcastTtl() != 0) {
                sb.append(", ttl=").append(Integer.toUnsignedString(d.mcastTtl()));
            }
            sb.append(")\n");
        }
        io.out.print(sb);
    }
}
