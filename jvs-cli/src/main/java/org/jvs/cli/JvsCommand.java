package org.jvs.cli;

import picocli.CommandLine.Command;

/** {@code jvs}: the commands of the user-space LVS stack. */
@Command(name = "jvs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Java Virtual Server: the LVS high-availability stack in user space.%n"
                + "Drop-ins with the original tools' own arguments (also through links named after them):%n"
                + "  jvs ipvsadm ARGS...      ipvsadm 1.31%n"
                + "  jvs ldirectord ARGS...   ldirectord%n"
                + "  jvs heartbeat ARGS...    heartbeat (start|stop|status|reload|standby|takeover)%n"
                + "  jvs drbdadm ARGS...      drbdadm (replicated block device, served over NBD)%n"
                + "Real-server side of LVS-TUN and LVS-DR (no ipip kernel module needed):%n"
                + "  jvs realserver tun|dr --vip VIP [--vip VIP...]",
        subcommands = {DirectorCommand.class, DemoCommand.class})
public final class JvsCommand {
}
