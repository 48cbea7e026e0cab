package org.jvs.ipvs.sched;

import java.util.HashMap;
import java.util.Map;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.service.VirtualService;

/**
 * One virtual service (TCP 10.0.0.1:80) in a real {@link VirtualServerTable} driving one real
 * scheduler, with real servers named by letter (A = 192.168.0.1, B = 192.168.0.2, ...), a reusable
 * packet and a fake clock.
 */
final class Cluster {
    static final long SEC = 1_000_000_000L;
    static final IpAddress VIP = ip("10.0.0.1");

    final VirtualServerTable table;
    final VirtualService service;
    final PacketKey packet = new PacketKey();
    /** Fake monotonic clock, far from 0 so nothing may treat 0 as "never". */
    long nowNs = 7_000_000 * SEC;
    private final Map<RealServer, String> names = new HashMap<>();

    Cluster(String scheduler) throws IpvsException {
        this(Schedulers.create(scheduler), 0);
    }

    Cluster(String scheduler, int flags) throws IpvsException {
        this(Schedulers.create(scheduler), flags);
    }

    Cluster(Scheduler scheduler, int flags) throws IpvsException {
        this.table = new VirtualServerTable(n -> n.equals(scheduler.name()) ? scheduler : Schedulers.create(n));
        ServiceKey key = ServiceKey.of(Protocol.TCP, VIP, 80);
        table.addService(new ServiceConfig(key, scheduler.name(), flags, 0, ServiceConfig.V4_HOST_MASK, ""));
        this.service = table.service(key);
    }

    static IpAddress ip(String text) {
        return IpAddress.parseNumeric(text);
    }

    /** The address of the server called {@code letter}: A is 192.168.0.1, B .2, ... */
    static IpAddress addressOf(char letter) {
        return ip("192.168.0." + (letter - 'A' + 1));
    }

    RealServer add(char letter, int weight) throws IpvsException {
        return add(letter, weight, 0, 0);
    }

    RealServer add(char letter, int weight, int upperThreshold, int lowerThreshold) throws IpvsException {
        RealServer d = table.addDest(service.key(), new DestConfig(addressOf(letter), 80, ForwardingMethod.ROUTE,
                weight, upperThreshold, lowerThreshold, null));
        names.put(d, String.valueOf(letter));
        return d;
    }

    /**
     * Adds servers so that the kernel list reads A, B, C, ... with these weights: the last letter is
     * added first, since the kernel puts each new server at the head of the list.
     */
    RealServer[] inListOrder(int... weights) throws IpvsException {
        RealServer[] ds = new RealServer[weights.length];
        for (int i = weights.length - 1; i >= 0; i--) {
            ds[i] = add((char) ('A' + i), weights[i]);
        }
        return ds;
    }

    void setWeight(RealServer d, int weight) throws IpvsException {
        DestConfig c = d.config();
        table.editDest(service.key(), new DestConfig(c.address(), c.port(), c.method(), weight,
                c.upperThreshold(), c.lowerThreshold(), c.tunnel()));
    }

    void delete(RealServer d) throws IpvsException {
        table.deleteDest(service.key(), d.address(), d.port());
    }

    void setFlags(int flags) throws IpvsException {
        ServiceConfig c = service.config();
        table.editService(new ServiceConfig(c.key(), c.scheduler(), flags & ~ServiceFlags.HASHED, c.timeoutSec(),
                c.netmask(), c.peName()));
    }

    /**
     * {@code ipvsadm -E -s name}: a fresh scheduler takes over the service and sees all its servers
     * at once, as the kernel's init_service does.
     */
    void switchScheduler(String name) throws IpvsException {
        ServiceConfig c = service.config();
        table.editService(new ServiceConfig(c.key(), name, c.flags() & ~ServiceFlags.HASHED, c.timeoutSec(),
                c.netmask(), c.peName()));
    }

    Scheduler scheduler() {
        return service.scheduler();
    }

    /** Schedules a new connection from client 10.1.2.3:40000 to the VIP. */
    RealServer schedule() {
        return scheduleFrom("10.1.2.3", 40000);
    }

    RealServer scheduleFrom(String client, int port) {
        return scheduler().schedule(service, packet.set(Protocol.TCP, ip(client), port, VIP, 80, nowNs));
    }

    /** Schedules a connection from 10.1.2.3 to {@code destination} (dh, lblc and lblcr key on it). */
    RealServer scheduleTo(String destination) {
        return scheduler().schedule(service, packet.set(Protocol.TCP, ip("10.1.2.3"), 40000, ip(destination), 80, nowNs));
    }

    /** The letters of the servers chosen by {@code n} schedules from the default client ('-' for none). */
    String sequence(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(name(schedule()));
        }
        return sb.toString();
    }

    String name(RealServer d) {
        return d == null ? "-" : names.get(d);
    }

    /** Gives {@code d} this many more active and inactive connections, as the connection table would. */
    static void connect(RealServer d, int active, int inactive) {
        for (int i = 0; i < active + inactive; i++) {
            d.bind(false, true);
        }
        for (int i = 0; i < active; i++) {
            d.moveToActive();
        }
    }

    /** Ends this many of {@code d}'s active connections. */
    static void disconnectActive(RealServer d, int active) {
        for (int i = 0; i < active; i++) {
            d.unbind(false, false);
        }
    }
}
