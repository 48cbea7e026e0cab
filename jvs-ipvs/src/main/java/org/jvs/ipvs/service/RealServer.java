package org.jvs.ipvs.service;

import java.util.concurrent.atomic.AtomicInteger;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.stats.Stats;

/**
 * A real server of one virtual service (the kernel's ip_vs_dest): its configuration, the connection
 * counts the schedulers read, the AVAILABLE/OVERLOAD flags and traffic counters.
 *
 * <p>Configuration fields change only on the control thread and are volatile so data-plane threads
 * see them; counters are atomic because connections are bound and unbound from any thread.
 */
public final class RealServer {
    private final VirtualService service;
    private final IpAddress address;
    private final int port;
    private final Stats stats = new Stats();
    private final AtomicInteger activeConns = new AtomicInteger();
    private final AtomicInteger inactConns = new AtomicInteger();
    private final AtomicInteger persistConns = new AtomicInteger();

    private volatile ForwardingMethod method;
    private volatile int weight;
    /** Latest non-zero weight (mh keeps a quiesced server's slots with it). */
    private volatile int lastWeight;
    private volatile int upperThreshold;
    private volatile int lowerThreshold;
    private volatile TunnelConfig tunnel;
    private volatile boolean available = true;
    private volatile boolean overloaded;

    /** Creates a real server of {@code service} from an already validated config. */
    public RealServer(VirtualService service, DestConfig config) {
        this.service = service;
        this.address = config.address();
        this.port = config.port();
        update(config);
    }

    /** Applies an {@code -e} edit (or the initial {@code -a}); the caller has validated it. */
    public void update(DestConfig config) {
        this.method = config.method();
        this.weight = config.weight();
        if (config.weight() > 0) {
            this.lastWeight = config.weight();
        }
        this.upperThreshold = config.upperThreshold();
        this.lowerThreshold = config.lowerThreshold();
        this.tunnel = config.tunnel();
        // __ip_vs_update_dest: a raised or removed upper threshold lifts OVERLOAD.
        if (upperThreshold == 0 || upperThreshold > activeConns.get() + inactConns.get()) {
            overloaded = false;
        }
    }

    /** The current configuration as {@code -a} would set it. */
    public DestConfig config() {
        return new DestConfig(address, port, method, weight, upperThreshold, lowerThreshold, tunnel);
    }

    public VirtualService service() {
        return service;
    }

    public IpAddress address() {
        return address;
    }

    public AddressFamily family() {
        return address.family();
    }

    /** Destination port (0 in a fwmark service means "keep the packet's port"). */
    public int port() {
        return port;
    }

    public ForwardingMethod method() {
        return method;
    }

    public int weight() {
        return weight;
    }

    public int lastWeight() {
        return lastWeight;
    }

    public int upperThreshold() {
        return upperThreshold;
    }

    public int lowerThreshold() {
        return lowerThreshold;
    }

    public TunnelConfig tunnel() {
        return tunnel;
    }

    public Stats stats() {
        return stats;
    }

    public int activeConns() {
        return activeConns.get();
    }

    public int inactConns() {
        return inactConns.get();
    }

    public int persistConns() {
        return persistConns.get();
    }

    /** False once the server was deleted: its connections must not be forwarded any more. */
    public boolean available() {
        return available;
    }

    public void markUnavailable() {
        available = false;
    }

    /** IP_VS_DEST_F_OVERLOAD: set by the upper threshold, cleared by the lower one. */
    public boolean overloaded() {
        return overloaded;
    }

    /** The kernel's ip_vs_dest_conn_overhead: active × 256 + inactive. */
    public long connOverhead() {
        return ((long) activeConns.get() << 8) + inactConns.get();
    }

    /** Eligible for a new connection: weight above 0 and not overloaded. */
    public boolean schedulable() {
        return weight > 0 && !overloaded;
    }

    /** ip_vs_bind_dest: a connection (or template) now uses this server. */
    public void bind(boolean template, boolean inactive) {
        if (template) {
            persistConns.incrementAndGet();
        } else if (inactive) {
            inactConns.incrementAndGet();
        } else {
            activeConns.incrementAndGet();
        }
        int u = upperThreshold;
        if (u != 0 && activeConns.get() + inactConns.get() >= u) {
            overloaded = true;
        }
    }

    /** ip_vs_unbind_dest: a connection (or template) using this server expired. */
    public void unbind(boolean template, boolean inactive) {
        if (template) {
            persistConns.decrementAndGet();
        } else if (inactive) {
            inactConns.decrementAndGet();
        } else {
            activeConns.decrementAndGet();
        }
        int l = lowerThreshold;
        int u = upperThreshold;
        int total = activeConns.get() + inactConns.get();
        if (l != 0) {
            if (total < l) {
                overloaded = false;
            }
        } else if (u != 0) {
            if ((long) total * 4 < (long) u * 3) {
                overloaded = false;
            }
        } else {
            overloaded = false;
        }
    }

    /** A connection moved between the active and inactive counts (set_tcp_state). */
    public void moveToInactive() {
        activeConns.decrementAndGet();
        inactConns.incrementAndGet();
    }

    /** A connection moved from inactive to active (set_tcp_state). */
    public void moveToActive() {
        inactConns.decrementAndGet();
        activeConns.incrementAndGet();
    }

    @Override
    public String toString() {
        return (address.isV4() ? address.toString() : "[" + address + "]") + ":" + port;
    }
}
