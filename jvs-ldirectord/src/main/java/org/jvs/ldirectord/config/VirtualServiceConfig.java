package org.jvs.ldirectord.config;

import java.nio.file.Path;
import java.util.List;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.ServiceKey;

/**
 * One {@code virtual=} / {@code virtual6=} block after resolution, with every global default and
 * per-virtual override applied. Immutable.
 *
 * @param line the line of the {@code virtual=} directive
 * @param address the virtual address, or null for a firewall-mark service
 * @param port the virtual port (0 for a mark)
 * @param fwmark the firewall mark, 0 for an address:port service
 * @param persistentSec the persistence timeout in seconds, or 0 when not persistent
 * @param netmask the persistence netmask ({@link ServiceConfig#netmask()} encoding)
 * @param schedFlags IP_VS_SVC_F_SCHED* bits from {@code schedflags}
 * @param fallback the effective fallback server, or null
 * @param checkIntervalSec the block's own {@code checkinterval}, or 0 when it has none
 * @param fallbackCommand the effective {@code fallbackcommand} (a shell command line), or null
 * @param monitorFile the file check results are appended to, or null
 * @param serviceName the {@code servicename} for alert mails, or null
 * @param comment the {@code comment} for alert mails, or null
 */
public record VirtualServiceConfig(int line, AddressFamily family, VirtualProtocol protocol, IpAddress address,
                                   int port, int fwmark, String scheduler, int persistentSec, int netmask,
                                   int schedFlags, boolean onePacket, List<RealServerConfig> reals,
                                   FallbackConfig fallback, HealthCheckConfig check, int checkIntervalSec,
                                   boolean quiescent, boolean cleanstop, String fallbackCommand,
                                   EmailAlertConfig emailAlert, Path monitorFile, String serviceName,
                                   String comment) {

    public VirtualServiceConfig {
        reals = List.copyOf(reals);
    }

    /** Whether this is a firewall-mark service. */
    public boolean isFwmark() {
        return protocol == VirtualProtocol.FWM;
    }

    /** What ldirectord prints for the service: {@code ip:port}, or the mark. */
    public String text() {
        return isFwmark() ? Integer.toString(fwmark) : Addresses.hostText(address) + ":" + port;
    }

    /** ldirectord's virtual id: {@code tcp:ip:port}, {@code udp:ip:port}, {@code fwm:mark}, {@code fwm6:mark}. */
    public String id() {
        if (isFwmark()) {
            return "fwm" + (family == AddressFamily.INET6 ? "6" : "") + ":" + fwmark;
        }
        return protocol.word() + ":" + text();
    }

    /** The IPVS key of the service. */
    public ServiceKey serviceKey() {
        return isFwmark() ? ServiceKey.ofFwmark(fwmark, family) : ServiceKey.of(protocol.protocol(), address, port);
    }

    /** What ldirectord's {@code ipvsadm -A/-E} for this service sets. */
    public ServiceConfig serviceConfig() {
        int flags = schedFlags;
        if (persistentSec > 0) {
            flags |= ServiceFlags.PERSISTENT;
        }
        if (onePacket && protocol == VirtualProtocol.UDP) {
            flags |= ServiceFlags.ONEPACKET;
        }
        return new ServiceConfig(serviceKey(), scheduler, flags, persistentSec, netmask, "");
    }
}
