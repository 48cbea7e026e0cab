package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.IpAddress;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvsadm.control.Timeouts;

/**
 * Everything one ipvsadm command line says (struct ipvs_command_entry plus the option bits and
 * the listing format): the command, the service, the real server, the {@code --set} timeouts and
 * the sync daemon. Filled by {@link CommandLineParser}. Not thread-safe.
 */
final class CommandEntry {
    Command command;
    final ServiceSpec service = new ServiceSpec();
    final DestSpec dest = new DestSpec();
    Timeouts timeouts;
    DaemonState daemonState;
    String mcastInterface = "";
    int syncId;
    int syncMaxlen;
    IpAddress mcastGroup;
    int mcastPort;
    int mcastTtl;
    /** {@link OptionBit} masks of the options given. */
    long options;
    /** {@link ListFormat} bits. */
    int format;

    SyncDaemonConfig daemon() {
        return new SyncDaemonConfig(daemonState, mcastInterface, syncId, syncMaxlen, mcastGroup, mcastPort, mcastTtl);
    }

    boolean has(OptionBit bit) {
        return bit.in(options);
    }
}
