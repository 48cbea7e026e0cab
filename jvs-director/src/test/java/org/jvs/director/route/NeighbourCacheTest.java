package org.jvs.director.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NeighbourCacheTest {
    private static final long SEC = 1_000_000_000L;

    @Test
    void seedsCompleteKernelEntriesOnly() {
        NeighbourCache c = new NeighbourCache(64, 60 * SEC);
        c.seed("""
                IP address       HW type     Flags       HW address            Mask     Device
                172.25.254.2     0x1         0x2         02:fc:00:00:00:05     *        eth1
                172.25.254.3     0x1         0x0         00:00:00:00:00:00     *        eth1
                """, 0);
        assertThat(c.lookup(0xAC19FE02, 0)).isEqualTo(0x02FC00000005L);
        assertThat(c.lookup(0xAC19FE03, 0)).isEqualTo(NeighbourCache.UNKNOWN);
    }

    @Test
    void entriesGoStaleAndAreRefreshedBySightings() {
        NeighbourCache c = new NeighbourCache(64, 60 * SEC);
        c.learn(1, 0xAABBCCDDEEFFL, 0);
        assertThat(c.lookup(1, 59 * SEC)).isEqualTo(0xAABBCCDDEEFFL);
        assertThat(c.lookup(1, 61 * SEC)).isEqualTo(NeighbourCache.UNKNOWN);
        c.learn(1, 0x112233445566L, 61 * SEC);
        assertThat(c.lookup(1, 62 * SEC)).isEqualTo(0x112233445566L);
    }

    @Property(tries = 200)
    void agreesWithAMapModel(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        NeighbourCache c = new NeighbourCache(256, Long.MAX_VALUE);
        Map<Integer, Long> model = new HashMap<>();
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            int addr = r.nextInt(64) + 1;
            long mac = (r.nextLong() & 0xFFFF_FFFF_FFFFL) | 1;
            c.learn(addr, mac, 0);
            model.put(addr, mac);
        }
        for (int addr = 1; addr <= 64; addr++) {
            assertThat(c.lookup(addr, 0)).isEqualTo(model.getOrDefault(addr, NeighbourCache.UNKNOWN));
        }
    }
}
