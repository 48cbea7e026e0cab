package org.jvs.ipvsadm.control.socket;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.TunnelConfig;
import org.jvs.ipvs.service.TunnelType;
import org.jvs.ipvs.stats.StatsSnapshot;
import org.jvs.ipvsadm.control.ConnectionEntry;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.DestEntry;
import org.jvs.ipvsadm.control.IpvsInfo;
import org.jvs.ipvsadm.control.ServiceEntry;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvsadm.control.Timeouts;

/** jqwik generators for every value the control protocol carries. */
final class Messages {
    private Messages() {
    }

    static Arbitrary<IpAddress> addresses() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(IpAddress::ofV4),
                Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(IpAddress::ofV6));
    }

    /** Names of at most {@code maxChars} characters, some of two UTF-8 bytes. */
    static Arbitrary<String> names(int maxChars) {
        return Arbitraries.strings().alpha().numeric().withChars("-_.é").ofMaxLength(maxChars);
    }

    static Arbitrary<ServiceKey> keys() {
        Arbitrary<ServiceKey> virtual = Combinators.combine(
                Arbitraries.of(Protocol.values()), addresses(), Arbitraries.integers().between(0, 65535))
                .as(ServiceKey::of);
        Arbitrary<ServiceKey> fwmark = Combinators.combine(
                Arbitraries.integers().filter(m -> m != 0), Arbitraries.of(org.jvs.ipvs.AddressFamily.values()))
                .as(ServiceKey::ofFwmark);
        return Arbitraries.oneOf(virtual, fwmark);
    }

    static Arbitrary<ServiceConfig> services() {
        return Combinators.combine(keys(), names(7), Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers(), names(8))
                .as(ServiceConfig::new);
    }

    static Arbitrary<DestConfig> dests() {
        Arbitrary<TunnelConfig> tunnels = Combinators.combine(Arbitraries.of(TunnelType.values()),
                Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 2))
                .as(TunnelConfig::new);
        return Combinators.combine(addresses(), Arbitraries.integers().between(0, 65535),
                Arbitraries.of(ForwardingMethod.values()), Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers(), tunnels)
                .as(DestConfig::new);
    }

    static Arbitrary<StatsSnapshot> stats() {
        Arbitrary<Long> l = Arbitraries.longs();
        return Combinators.combine(List.of(l, l, l, l, l, l, l, l, l, l))
                .as(v -> new StatsSnapshot(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4),
                        v.get(5), v.get(6), v.get(7), v.get(8), v.get(9)));
    }

    static Arbitrary<ServiceEntry> serviceEntries() {
        Arbitrary<DestEntry> dest = Combinators.combine(dests(), Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers(), stats()).as(DestEntry::new);
        return Combinators.combine(services(), stats(), dest.list().ofMaxSize(4)).as(ServiceEntry::new);
    }

    static Arbitrary<SyncDaemonConfig> daemons() {
        return Combinators.combine(Arbitraries.of(DaemonState.values()), names(7), Arbitraries.integers(),
                Arbitraries.integers().between(0, 65535), addresses().injectNull(0.3),
                Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 255))
                .as(SyncDaemonConfig::new);
    }

    static Arbitrary<ConnectionEntry> connections() {
        Arbitrary<Integer> port = Arbitraries.integers().between(0, 65535);
        return Combinators.combine(List.of(
                        Arbitraries.of("TCP", "UDP", "SCTP", "IP").map(Object.class::cast),
                        Arbitraries.integers().map(Object.class::cast),
                        Arbitraries.of("ESTABLISHED", "NONE", "ASSURED", "UDP", "SYN_RECV").map(Object.class::cast),
                        addresses().map(Object.class::cast), port.map(Object.class::cast),
                        addresses().map(Object.class::cast), port.map(Object.class::cast),
                        addresses().map(Object.class::cast), port.map(Object.class::cast),
                        Arbitraries.of("", "sip").map(Object.class::cast),
                        names(100).map(Object.class::cast)))
                .as(v -> new ConnectionEntry((String) v.get(0), (Integer) v.get(1), (String) v.get(2),
                        (IpAddress) v.get(3), (Integer) v.get(4), (IpAddress) v.get(5), (Integer) v.get(6),
                        (IpAddress) v.get(7), (Integer) v.get(8), (String) v.get(9), (String) v.get(10)));
    }

    static Arbitrary<Timeouts> timeouts() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers())
                .as(Timeouts::new);
    }

    static Arbitrary<ControlRequest> requests() {
        return Arbitraries.oneOf(List.of(
                services().map(ControlRequest.AddService::new),
                services().map(ControlRequest.EditService::new),
                keys().map(ControlRequest.DeleteService::new),
                Arbitraries.just(new ControlRequest.Flush()),
                Combinators.combine(keys(), dests()).as(ControlRequest.AddDest::new),
                Combinators.combine(keys(), dests()).as(ControlRequest.EditDest::new),
                Combinators.combine(keys(), addresses(), Arbitraries.integers().between(0, 65535))
                        .as(ControlRequest.DeleteDest::new),
                keys().injectNull(0.3).map(ControlRequest.Zero::new),
                timeouts().map(ControlRequest.SetTimeouts::new),
                daemons().map(ControlRequest.StartDaemon::new),
                Arbitraries.of(DaemonState.values()).map(ControlRequest.StopDaemon::new),
                Arbitraries.just(new ControlRequest.GetInfo()),
                Arbitraries.just(new ControlRequest.GetServices()),
                keys().map(ControlRequest.GetService::new),
                Arbitraries.just(new ControlRequest.GetTimeouts()),
                Arbitraries.just(new ControlRequest.GetDaemons()),
                Arbitraries.just(new ControlRequest.GetConnections())));
    }

    static Arbitrary<ControlResponse> responses() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.just(ControlResponse.DONE),
                Combinators.combine(Arbitraries.integers(), Arbitraries.integers()).as(IpvsInfo::new)
                        .map(ControlResponse.Info::new),
                serviceEntries().list().ofMaxSize(4).map(ControlResponse.Services::new),
                serviceEntries().map(ControlResponse.Service::new),
                timeouts().map(ControlResponse.TimeoutValues::new),
                daemons().list().ofMaxSize(2).map(ControlResponse.Daemons::new),
                connections().list().ofMaxSize(5).map(ControlResponse.Connections::new),
                Combinators.combine(Arbitraries.of(Errno.values()), names(200)).as(ControlResponse.Failure::new)));
    }
}
