package org.jvs.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualService;

class DestRegistryTest {

    /**
     * Acquire and release in any order: an id stays bound to its server while referenced, two live
     * servers never share an id, and freed ids are reused (ids stay below the peak live count).
     */
    @Property(tries = 200)
    void idsFollowReferencesLikeAnIdentityMap(@ForAll @Size(max = 400) List<@IntRange(min = -60, max = 59) Integer> ops) {
        VirtualService svc = new VirtualService(new ServiceConfig(
                ServiceKey.of(Protocol.TCP, IpAddress.ofV4(1), 80), "rr", 0, 0, -1, ""), null);
        List<RealServer> servers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            servers.add(new RealServer(svc, new DestConfig(IpAddress.ofV4(100 + i), 80, ForwardingMethod.ROUTE, 1, 0, 0, null)));
        }
        DestRegistry registry = new DestRegistry();
        Map<RealServer, Integer> refs = new IdentityHashMap<>();
        Map<RealServer, Integer> ids = new IdentityHashMap<>();
        int peak = 0;
        for (int op : ops) {
            RealServer s = servers.get(op < 0 ? -op - 1 : op);
            if (op >= 0) {
                int id = registry.acquire(s);
                if (ids.containsKey(s)) {
                    assertThat(id).isEqualTo(ids.get(s));
                }
                ids.put(s, id);
                refs.merge(s, 1, Integer::sum);
            } else if (refs.containsKey(s)) {
                registry.release(ids.get(s));
                if (refs.merge(s, -1, Integer::sum) == 0) {
                    refs.remove(s);
                    ids.remove(s);
                }
            }
            peak = Math.max(peak, refs.size());
            assertThat(registry.size()).isEqualTo(refs.size());
            Map<Integer, RealServer> byId = new HashMap<>();
            for (Map.Entry<RealServer, Integer> e : ids.entrySet()) {
                assertThat(byId.put(e.getValue(), e.getKey())).as("id shared").isNull();
                assertThat(registry.get(e.getValue())).isSameAs(e.getKey());
                assertThat(e.getValue()).isLessThan(Math.max(peak, 1));
            }
        }
    }
}
