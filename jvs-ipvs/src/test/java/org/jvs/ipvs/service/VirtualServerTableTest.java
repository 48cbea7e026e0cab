package org.jvs.ipvs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.sched.Scheduler;
import org.junit.jupiter.api.Test;

class VirtualServerTableTest {

    /** A minimal scheduler so the table is tested on its own; the real ones are tested in sched. */
    private static final class FirstScheduler implements Scheduler {
        private final String name;
        int rebuilds;

        FirstScheduler(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public RealServer schedule(VirtualService service, PacketKey packet) {
            for (RealServer d : service.destinations()) {
                if (d.schedulable()) {
                    return d;
                }
            }
            return null;
        }

        @Override
        public void onDestinationsChanged(VirtualService service) throws IpvsException {
            rebuilds++;
            if (service.destinations().length > 2 && name.equals("tiny")) {
                throw new IpvsException(Errno.EINVAL, "too many");
            }
        }
    }

    private final VirtualServerTable table = new VirtualServerTable(
            n -> List.of("rr", "wrr", "wlc", "tiny").contains(n) ? new FirstScheduler(n) : null);

    private static IpAddress ip(String s) {
        return IpAddress.parseNumeric(s);
    }

    private static ServiceKey tcp(String addr, int port) {
        return ServiceKey.of(Protocol.TCP, ip(addr), port);
    }

    private static ServiceConfig svc(ServiceKey key, String sched) {
        return new ServiceConfig(key, sched, 0, 0, ServiceConfig.V4_HOST_MASK, "");
    }

    private static DestConfig masq(String addr, int port, int weight) {
        return new DestConfig(ip(addr), port, ForwardingMethod.MASQ, weight, 0, 0, null);
    }

    @Test
    void tutorialNatRulesBuildTheServiceWithNewestServerFirst() throws Exception {
        ServiceKey vip = tcp("172.16.100.1", 80);
        table.addService(svc(vip, "wrr"));
        table.addDest(vip, masq("172.25.254.2", 80, 1));
        table.addDest(vip, masq("172.25.254.3", 80, 2));

        VirtualService s = table.service(vip);
        assertThat(s.scheduler().name()).isEqualTo("wrr");
        assertThat(s.destinations()).extracting(RealServer::toString)
                .containsExactly("172.25.254.3:80", "172.25.254.2:80");
        assertThat(s.config().flags() & ServiceFlags.HASHED).isNotZero();
    }

    @Test
    void duplicateServiceIsEexistAndMissingServiceIsEsrch() throws Exception {
        ServiceKey vip = tcp("10.0.0.1", 80);
        table.addService(svc(vip, "rr"));
        assertErrno(() -> table.addService(svc(vip, "rr")), Errno.EEXIST);
        assertErrno(() -> table.editService(svc(tcp("10.0.0.2", 80), "rr")), Errno.ESRCH);
        assertErrno(() -> table.deleteService(tcp("10.0.0.2", 80)), Errno.ESRCH);
        assertErrno(() -> table.addDest(tcp("10.0.0.2", 80), masq("10.1.0.1", 80, 1)), Errno.ESRCH);
        assertErrno(() -> table.zero(tcp("10.0.0.2", 80)), Errno.ESRCH);
    }

    @Test
    void unknownSchedulerOrPersistenceEngineIsEnoentAndNothingIsAdded() {
        ServiceKey vip = tcp("10.0.0.1", 80);
        assertErrno(() -> table.addService(svc(vip, "nosuch")), Errno.ENOENT);
        assertErrno(() -> table.addService(new ServiceConfig(vip, "rr", 0, 0, -1, "http")), Errno.ENOENT);
        assertThat(table.services()).isEmpty();
    }

    @Test
    void destErrorsFollowTheKernel() throws Exception {
        ServiceKey vip = tcp("10.0.0.1", 80);
        table.addService(svc(vip, "rr"));
        table.addDest(vip, masq("10.1.0.1", 80, 1));
        assertErrno(() -> table.addDest(vip, masq("10.1.0.1", 80, 1)), Errno.EEXIST);
        assertErrno(() -> table.editDest(vip, masq("10.1.0.9", 80, 1)), Errno.ENOENT);
        assertErrno(() -> table.deleteDest(vip, ip("10.1.0.9"), 80), Errno.ENOENT);
        assertErrno(() -> table.addDest(vip, masq("10.1.0.2", 80, -1)), Errno.ERANGE);
        assertErrno(() -> table.addDest(vip,
                new DestConfig(ip("10.1.0.2"), 80, ForwardingMethod.MASQ, 1, 5, 10, null)), Errno.ERANGE);
        assertErrno(() -> table.addDest(vip, masq("224.0.0.1", 80, 1)), Errno.EINVAL);
        assertErrno(() -> table.addDest(vip, masq("::1", 80, 1)), Errno.EINVAL);
        assertErrno(() -> table.addDest(vip, new DestConfig(ip("10.1.0.2"), 80, ForwardingMethod.TUNNEL, 1, 0, 0,
                new TunnelConfig(TunnelType.GUE, 0, TunnelConfig.NOCSUM))), Errno.EINVAL);
        assertThat(table.service(vip).destinations()).hasSize(1);
    }

    @Test
    void schedulerRefusalLeavesTheTableUnchanged() throws Exception {
        ServiceKey vip = tcp("10.0.0.1", 80);
        table.addService(svc(vip, "tiny"));
        table.addDest(vip, masq("10.1.0.1", 80, 1));
        table.addDest(vip, masq("10.1.0.2", 80, 1));
        assertErrno(() -> table.addDest(vip, masq("10.1.0.3", 80, 1)), Errno.EINVAL);
        assertThat(table.service(vip).destinations()).hasSize(2);
    }

    @Test
    void editServiceSwapsSchedulerAndKeepsRealServers() throws Exception {
        ServiceKey vip = tcp("10.0.0.1", 80);
        table.addService(svc(vip, "rr"));
        table.addDest(vip, masq("10.1.0.1", 80, 1));
        table.editService(new ServiceConfig(vip, "wlc", ServiceFlags.PERSISTENT, 360, -1, ""));
        VirtualService s = table.service(vip);
        assertThat(s.scheduler().name()).isEqualTo("wlc");
        assertThat(s.persistenceTimeoutSec()).isEqualTo(360);
        assertThat(s.destinations()).hasSize(1);
    }

    @Test
    void deletedRealServersBecomeUnavailableAndAreReported() throws Exception {
        List<RealServer> removed = new ArrayList<>();
        table.onRealServerRemoved(removed::add);
        ServiceKey vip = tcp("10.0.0.1", 80);
        table.addService(svc(vip, "rr"));
        RealServer a = table.addDest(vip, masq("10.1.0.1", 80, 1));
        RealServer b = table.addDest(vip, masq("10.1.0.2", 80, 1));
        table.deleteDest(vip, ip("10.1.0.1"), 80);
        assertThat(a.available()).isFalse();
        table.flush();
        assertThat(b.available()).isFalse();
        assertThat(removed).containsExactly(a, b);
        assertThat(table.services()).isEmpty();
    }

    @Test
    void lookupOrderIsFwmarkExactFtpDataThenPortZero() throws Exception {
        table.addService(svc(tcp("10.0.0.1", 80), "rr"));
        table.addService(new ServiceConfig(tcp("10.0.0.1", 0), "rr", ServiceFlags.PERSISTENT, 360, -1, ""));
        table.addService(svc(tcp("10.0.0.1", 21), "rr"));
        table.addService(svc(ServiceKey.ofFwmark(7, AddressFamily.INET), "rr"));
        long addr = ip("10.0.0.1").lo();

        assertThat(find(addr, 80, 0).key().port()).isEqualTo(80);
        assertThat(find(addr, 80, 7).key().fwmark()).isEqualTo(7);
        assertThat(find(addr, 5000, 0).key().port()).isEqualTo(21);
        assertThat(find(addr, 443, 0).key().port()).isZero();
        assertThat(table.find(AddressFamily.INET, Protocol.UDP.number(), 0, addr, 80, 0)).isNull();
        assertThat(find(ip("10.0.0.2").lo(), 80, 0)).isNull();
        assertThat(table.isVirtualAddress(AddressFamily.INET, 0, addr)).isTrue();
    }

    @Test
    void ipv6ServicesAreFound() throws Exception {
        IpAddress v6 = ip("2001:db8::1");
        table.addService(new ServiceConfig(ServiceKey.of(Protocol.UDP, v6, 53), "rr", 0, 0, 128, ""));
        assertThat(table.find(AddressFamily.INET6, 17, v6.hi(), v6.lo(), 53, 0)).isNotNull();
        assertErrno(() -> table.addService(new ServiceConfig(ServiceKey.of(Protocol.TCP, v6, 53), "rr", 0, 0, 0, "")),
                Errno.EINVAL);
    }

    @Test
    void manyServicesAreAllFound() throws Exception {
        for (int i = 0; i < 1000; i++) {
            table.addService(svc(ServiceKey.of(Protocol.TCP, IpAddress.ofV4(0x0A000000 + i), 80), "rr"));
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(find(0x0A000000L + i, 80, 0)).isNotNull();
        }
        assertThat(find(0x0A000000L + 1000, 80, 0)).isNull();
    }

    private VirtualService find(long addr, int port, int mark) {
        return table.find(AddressFamily.INET, Protocol.TCP.number(), 0, addr, port, mark);
    }

    private interface Op {
        void run() throws IpvsException;
    }

    private static void assertErrno(Op op, Errno errno) {
        assertThatThrownBy(op::run).isInstanceOfSatisfying(IpvsException.class,
                e -> assertThat(e.errno()).isEqualTo(errno));
    }
}
