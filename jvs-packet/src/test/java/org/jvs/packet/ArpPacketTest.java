package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jvs.packet.TestFrames.ip4;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ArpPacketTest {
    private final MemorySegment out = Arena.ofAuto().allocate(128);
    private final PacketParser parser = new PacketParser(true);
    private final ParsedFrame f = new ParsedFrame();

    @Test
    void replyToWhoHasIsByteForByteWhatLinuxSends() {
        int n = ArpPacket.writeReply(out, 0, TestFrames.DIRECTOR_MAC, ip4("172.25.254.1"), TestFrames.CLIENT_MAC,
                ip4("172.25.254.2"));
        assertThat(TestFrames.hex(out, 0, n)).isEqualTo(KernelFrames.ARP_REPLY);
    }

    @Test
    void requestIsBroadcastWithUnknownTargetMac() {
        int n = ArpPacket.writeRequest(out, 10, TestFrames.CLIENT_MAC, ip4("172.25.254.2"), ip4("172.25.254.1"));
        assertThat(parser.parse(out, 10, n, f)).isEqualTo(ParseStatus.OK);
        assertThat(f.ethernet().destination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(f.arp().operation()).isEqualTo(ArpPacket.OP_REQUEST);
        assertThat(f.arp().targetMac()).isEqualTo(MacAddress.ZERO);
        assertThat(f.arp().targetIp()).isEqualTo(ip4("172.25.254.1"));
    }

    @Test
    void gratuitousArpAnnouncesTheVipInBothForms() {
        long mac = MacAddress.parse("52:54:00:12:34:56");
        int vip = ip4("172.16.100.1");
        for (boolean asReply : new boolean[] {false, true}) {
            int n = ArpPacket.writeGratuitous(out, 0, mac, vip, asReply);
            assertThat(parser.parse(out, 0, n, f)).isEqualTo(ParseStatus.OK);
            ArpPacket arp = f.arp();
            assertThat(f.ethernet().destination()).isEqualTo(MacAddress.BROADCAST);
            assertThat(f.ethernet().source()).isEqualTo(mac);
            assertThat(arp.senderIp()).isEqualTo(vip);
            assertThat(arp.targetIp()).isEqualTo(vip);
            assertThat(arp.senderMac()).isEqualTo(mac);
            assertThat(arp.operation()).isEqualTo(asReply ? ArpPacket.OP_REPLY : ArpPacket.OP_REQUEST);
            assertThat(arp.targetMac()).isEqualTo(asReply ? mac : MacAddress.ZERO);
        }
    }

    @Test
    void macAddressesParseFormatAndKnowTheGroupBit() {
        long mac = MacAddress.parse("02:00:5E:10:00:ff");
        assertThat(mac).isEqualTo(0x02005E1000FFL);
        assertThat(MacAddress.toString(mac)).isEqualTo("02:00:5e:10:00:ff");
        assertThat(MacAddress.isMulticast(MacAddress.parse("01-00-5e-00-00-01"))).isTrue();
        assertThat(MacAddress.isMulticast(mac)).isFalse();
        assertThat(MacAddress.isMulticast(MacAddress.BROADCAST)).isTrue();
        assertThatThrownBy(() -> MacAddress.parse("02:00:5e:10:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MacAddress.parse("02:00:5e:10:00:1ff")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ethernetHeaderWithAndWithoutTag() {
        int n = EthernetFrame.writeHeader(out, 0, MacAddress.BROADCAST, TestFrames.CLIENT_MAC, 0x0064,
                EthernetFrame.TYPE_ARP);
        EthernetFrame eth = new EthernetFrame().wrap(out, 0);
        assertThat(n).isEqualTo(18);
        assertThat(eth.vlanTci()).isEqualTo(0x64);
        assertThat(eth.etherType()).isEqualTo(EthernetFrame.TYPE_ARP);
        eth.setDestination(TestFrames.DIRECTOR_MAC);
        eth.setSource(MacAddress.BROADCAST);
        assertThat(eth.destination()).isEqualTo(TestFrames.DIRECTOR_MAC);
        assertThat(eth.source()).isEqualTo(MacAddress.BROADCAST);
        assertThat(EthernetFrame.writeHeader(out, 0, 1, 2, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV6))
                .isEqualTo(14);
        assertThat(eth.hasVlanTag()).isFalse();
        assertThat(eth.vlanTci()).isEqualTo(EthernetFrame.NO_VLAN);
        assertThat(eth.etherType()).isEqualTo(EthernetFrame.TYPE_IPV6);
    }
}
