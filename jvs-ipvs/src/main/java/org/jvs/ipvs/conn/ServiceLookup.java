package org.jvs.ipvs.conn;

import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.service.VirtualService;
import org.jvs.ipvs.service.VirtualServerTable;

/**
 * Finds the virtual service a new packet belongs to (ip_vs_service_find). Called on the data-plane
 * thread for every packet that misses the connection table; implementations must not allocate
 * and must be safe against concurrent service changes.
 */
@FunctionalInterface
public interface ServiceLookup {

    /** The service for the packet's destination and firewall mark, or null. */
    VirtualService find(PacketKey packet);

    /** The lookup of the director's virtual-server table. */
    static ServiceLookup of(VirtualServerTable table) {
        return p -> table.find(p.family, p.protocol.number(), p.dstHi, p.dstLo, p.dstPort, p.fwmark);
    }
}
