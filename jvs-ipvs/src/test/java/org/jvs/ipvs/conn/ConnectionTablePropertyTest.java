package org.jvs.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.service.Protocol;

/**
 * Random sequences of creations, packets (timer re-arms, longer or shorter), forced expiries and
 * clock steps from a millisecond to months: the table must agree with a plain map model on
 * which entry every client and every reply finds, and on how many entries are alive.
 */
class ConnectionTablePropertyTest {
    private static final int KEYS = 40;
    private static final long SEC = 1_000_000_000L;

    sealed interface Op permits Create, Touch, ExpireNow, Advance {
    }

    record Create(int key, long timeoutSec) implements Op {
    }

    record Touch(int pick, long timeoutSec) implements Op {
    }

    record ExpireNow(int pick) implements Op {
    }

    record Advance(long nanos) implements Op {
    }

    /** An entry of the model: which key it has and when it must be gone. */
    private static final class Entry {
        final int key;
        final long seq;
        long deadline;

        Entry(int key, long seq, long deadline) {
            this.key = key;
            this.seq = seq;
            this.deadline = deadline;
        }
    }

    @Property(tries = 300)
    void tableAgreesWithAMapModel(@ForAll("operations") @Size(max = 300) List<Op> ops) {
        ConnectionTable table = new ConnectionTable(8, 10_000, 11);
        Map<Integer, Entry> model = new HashMap<>();
        PacketKey p = new PacketKey();
        long now = -7 * SEC;
        long seq = 0;
        for (Op op : ops) {
            switch (op) {
                case Create c -> {
                    int h = table.create(false, 17, 0, client(c.key()), port(c.key()), 0, 0x0A00_0001L, 53,
                            false, 0, rip(c.key()), 5353, 0, null, 0, now);
                    table.setTimeoutSec(h, (int) c.timeoutSec());
                    table.touch(h, now);
                    assertThat(model).doesNotContainKey(h);
                    model.put(h, new Entry(c.key(), seq++, now + c.timeoutSec() * SEC));
                }
                case Touch t -> {
                    Integer h = pick(model, t.pick());
                    if (h != null) {
                        table.setTimeoutSec(h, (int) t.timeoutSec());
                        table.touch(h, now);
                        model.get(h).deadline = now + t.timeoutSec() * SEC;
                    }
                }
                case ExpireNow e -> {
                    Integer h = pick(model, e.pick());
                    if (h != null) {
                        table.expireNow(h, now);
                        model.remove(h);
                    }
                }
                case Advance a -> {
                    now += a.nanos();
                    table.expire(now);
                    long n = now;
                    model.values().removeIf(x -> x.deadline <= n);
                }
            }
            check(table, model, p, now);
        }
    }

    private static Integer pick(Map<Integer, Entry> model, int pick) {
        if (model.isEmpty()) {
            return null;
        }
        List<Integer> handles = new ArrayList<>(model.keySet());
        handles.sort(null);
        return handles.get(pick % handles.size());
    }

    private static void check(ConnectionTable table, Map<Integer, Entry> model, PacketKey p, long now) {
        assertThat(table.size()).isEqualTo(model.size());
        for (int k = 0; k < KEYS; k++) {
            int expected = -1;
            long newest = -1;
            for (Map.Entry<Integer, Entry> e : model.entrySet()) {
                if (e.getValue().key == k && e.getValue().seq > newest) {
                    newest = e.getValue().seq;
                    expected = e.getKey();
                }
            }
            p.setV4(Protocol.UDP, (int) client(k), port(k), 0x0A00_0001, 53, now);
            assertThat(table.findIn(p)).as("client of key %d", k).isEqualTo(expected);
            p.setV4(Protocol.UDP, (int) rip(k), 5353, (int) client(k), port(k), now);
            assertThat(table.findOut(p)).as("reply of key %d", k).isEqualTo(expected);
        }
    }

    private static long client(int key) {
        return 0xC633_6400L + key % 7; // 198.51.100.x: few addresses, so chains are shared
    }

    private static int port(int key) {
        return 1000 + key;
    }

    private static long rip(int key) {
        return 0xC0A8_0100L + key % 3;
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Long> timeouts = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, 10)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 2000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 100_000_000)));
        Arbitrary<Long> steps = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0, 3 * SEC)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 10).map(s -> s * SEC)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 3000).map(s -> s * SEC)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 200_000_000).map(s -> s * SEC)));
        Arbitrary<Integer> keys = Arbitraries.integers().between(0, KEYS - 1);
        Arbitrary<Integer> picks = Arbitraries.integers().between(0, 1000);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Combinators.combine(keys, timeouts).as(Create::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(picks, timeouts).as(Touch::new)),
                net.jqwik.api.Tuple.of(1, picks.map(ExpireNow::new)),
                net.jqwik.api.Tuple.of(3, steps.map(Advance::new)));
        return op.list();
    }
}
