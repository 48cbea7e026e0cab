package org.jvs.heartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.jvs.netio.FrameInfo;
import org.jvs.netio.NetInterface;
import org.jvs.netio.NetNamespace;
import org.jvs.netio.PacketSocket;
import org.jvs.packet.ArpPacket;
import org.jvs.packet.EthernetFrame;
import org.jvs.packet.MacAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Gratuitous ARP from Java as another host on the segment receives it: the frames captured there
 * are send_arp's (5 request/reply pairs, broadcast, sender = target = VIP), and that host's stale
 * neighbour entry for the VIP moves to the announcing MAC.
 */
@Tag("netns")
class PacketArpAnnouncerNetnsTest {
    private static final String VIP = "10.89.0.100";
    private static final long STALE_MAC = 0x02_00_00_00_00_99L;

    /** One captured ARP frame. */
    private record Arp(long destination, int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
    }

    @Test
    void anotherHostReceivesFivePairsAndUpdatesItsNeighbourEntry() throws Exception {
        assumeTrue(NetLab.available(), "skipped: network namespaces need root");
        try (NetLab lab = NetLab.create("jvsgarp")) {
            Host a = lab.host("a");
            Host b = lab.host("b");
            lab.link(a, "eth0", "10.89.0.1/24", b, "eth0", "10.89.0.2/24");
            a.run("ip", "addr", "add", VIP + "/24", "dev", "eth0");
            b.run("ip", "neigh", "replace", VIP, "lladdr", MacAddress.toString(STALE_MAC), "dev", "eth0", "nud",
                    "stale");
            NetNamespace nsA = NetNamespace.named(a.namespace());
            long macA = nsA.call(() -> NetInterface.macAddress("eth0"));
            int vip = toInt((Inet4Address) InetAddress.getByName(VIP));

            List<Arp> seen = new ArrayList<>();
            try (PacketSocket capture = NetNamespace.named(b.namespace()).call(() -> PacketSocket.open("eth0"))) {
                nsA.run(() -> new PacketArpAnnouncer().announce("eth0", (Inet4Address) InetAddress.getByName(VIP),
                        GratuitousArp.DEFAULT_COUNT, GratuitousArp.DEFAULT_INTERVAL_MS));
                collect(capture, vip, 2 * GratuitousArp.DEFAULT_COUNT, seen);
            }

            List<Arp> requests = seen.stream().filter(f -> f.operation() == ArpPacket.OP_REQUEST).toList();
            List<Arp> replies = seen.stream().filter(f -> f.operation() == ArpPacket.OP_REPLY).toList();
            assertThat(requests).hasSize(5)
                    .allMatch(f -> f.equals(new Arp(MacAddress.BROADCAST, ArpPacket.OP_REQUEST, macA, vip, 0, vip)));
            assertThat(replies).hasSize(5)
                    .allMatch(f -> f.equals(new Arp(MacAddress.BROADCAST, ArpPacket.OP_REPLY, macA, vip, macA, vip)));
            // Pairs: a request first, then its reply.
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i).operation()).isEqualTo(i % 2 == 0 ? ArpPacket.OP_REQUEST : ArpPacket.OP_REPLY);
            }
            assertThat(b.run("ip", "neigh", "show", VIP, "dev", "eth0")).contains(MacAddress.toString(macA));
        }
    }

    /** Receives until {@code want} ARP frames about {@code vip} arrived, for at most 100 polls of 100 ms. */
    private static void collect(PacketSocket socket, int vip, int want, List<Arp> into) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(2048);
            FrameInfo info = new FrameInfo();
            EthernetFrame eth = new EthernetFrame();
            ArpPacket arp = new ArpPacket();
            for (int polls = 0; polls < 100 && into.size() < want; polls++) {
                if (!socket.awaitReadable(100)) {
                    continue;
                }
                for (int n; (n = socket.receive(buf, 0, info)) > 0; ) {
                    eth.wrap(buf, 0);
                    if (n < ArpPacket.FRAME_LENGTH || eth.etherType() != EthernetFrame.TYPE_ARP) {
                        continue;
                    }
                    arp.wrap(buf, EthernetFrame.HEADER_LENGTH);
                    if (arp.isEthernetIpv4() && arp.targetIp() == vip) {
                        into.add(new Arp(eth.destination(), arp.operation(), arp.senderMac(), arp.senderIp(),
                                arp.targetMac(), arp.targetIp()));
                    }
                }
            }
        }
    }

    private static int toInt(Inet4Address a) {
        byte[] x = a.getAddress();
        return (x[0] & 0xff) << 24 | (x[1] & 0xff) << 16 | (x[2] & 0xff) << 8 | (x[3] & 0xff);
    }
}
