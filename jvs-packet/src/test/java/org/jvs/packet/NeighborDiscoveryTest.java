package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.packet.TestFrames.ip6High;
import static org.jvs.packet.TestFrames.ip6Low;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NeighborDiscoveryTest {
    private static final long MAC = 0x02_00_00_00_00_01L;
    private final MemorySegment s = Arena.ofAuto().allocate(256);
    private final ParsedFrame f = new ParsedFrame();

    private int solicit(String source, String target) {
        return NeighborDiscovery.writeSolicitation(s, 0, MAC, ip6High(source), ip6Low(source), ip6High(target),
                ip6Low(target));
    }

    @Test
    void aSolicitationGoesToTheSolicitedNodeGroupWithAValidChecksum() {
        int n = solicit("fe80::1", "2001:db8:1::2:3456");
        assertThat(n).isEqualTo(NeighborDiscovery.SOLICITATION_FRAME_LENGTH).isEqualTo(86);
        assertThat(new PacketParser(true).parse(s, 0, n, f)).isEqualTo(ParseStatus.OK);
        assertThat(f.ethernet().destination()).isEqualTo(0x3333_FF02_3456L);
        assertThat(f.ipv6().destinationHigh()).isEqualTo(ip6High("ff02::1:ff02:3456"));
        assertThat(f.ipv6().destinationLow()).isEqualTo(ip6Low("ff02::1:ff02:3456"));
        assertThat(f.ipv6().hopLimit()).isEqualTo(255);
        assertThat(NeighborDiscovery.isNeighborMessage(f)).isTrue();
        assertThat(NeighborDiscovery.type(f)).isEqualTo(NeighborDiscovery.NEIGHBOR_SOLICITATION);
        assertThat(NeighborDiscovery.targetHigh(f)).isEqualTo(ip6High("2001:db8:1::2:3456"));
        assertThat(NeighborDiscovery.targetLow(f)).isEqualTo(ip6Low("2001:db8:1::2:3456"));
        assertThat(NeighborDiscovery.linkAddress(f)).isEqualTo(MAC);
    }

    @Test
    void anAdvertisementGivesItsTargetLinkAddress() {
        int n = solicit("2001:db8::2", "2001:db8::1");
        int l4 = 14 + 40;
        Bytes.put8(s, l4, NeighborDiscovery.NEIGHBOR_ADVERTISEMENT);
        Bytes.put8(s, l4 + 24, NeighborDiscovery.OPTION_TARGET_LINK_ADDRESS);
        Bytes.putMac(s, l4 + 26, 0x0AL);
        assertThat(new PacketParser(false).parse(s, 0, n, f)).isEqualTo(ParseStatus.OK);
        assertThat(NeighborDiscovery.isNeighborMessage(f)).isTrue();
        assertThat(NeighborDiscovery.linkAddress(f)).isEqualTo(0x0AL);
        // The wrong kind of option for this message is no answer.
        Bytes.put8(s, l4 + 24, NeighborDiscovery.OPTION_SOURCE_LINK_ADDRESS);
        assertThat(NeighborDiscovery.linkAddress(f)).isEqualTo(NeighborDiscovery.NONE);
    }

    @Test
    void aRoutedMessageIsNotANeighborMessage() {
        int n = solicit("fe80::1", "2001:db8::1");
        Bytes.put8(s, 14 + 7, 254);
        assertThat(new PacketParser(false).parse(s, 0, n, f)).isEqualTo(ParseStatus.OK);
        assertThat(NeighborDiscovery.isNeighborMessage(f)).isFalse();
    }

    @Property(tries = 2000)
    void hostileOptionsNeverReadPastTheMessage(@ForAll @Size(max = 40) byte[] options,
            @ForAll @IntRange(min = 135, max = 136) int type) {
        int n = solicit("fe80::1", "2001:db8::1");
        int l4 = 14 + 40;
        Bytes.put8(s, l4, type);
        int messageEnd = l4 + 24;
        MemorySegment.copy(MemorySegment.ofArray(options), 0, s, messageEnd, options.length);
        Bytes.put16(s, 14 + 4, 24 + options.length);
        assertThat(new PacketParser(false).parse(s, 0, messageEnd + options.length, f)).isEqualTo(ParseStatus.OK);
        long mac = NeighborDiscovery.linkAddress(f);
        assertThat(mac == NeighborDiscovery.NONE || (mac >>> 48) == 0).isTrue();
        assertThat(n).isPositive();
    }
}
