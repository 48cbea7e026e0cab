package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.VirtualService;

/**
 * The lookup shared by sh and mh: a client key hashed to a slot of a table of real servers, and,
 * with the sh-fallback/mh-fallback flag, the kernel's deterministic walk to another slot when the
 * first one's server cannot take new connections (ip_vs_sh_get_fallback, ip_vs_mh_get_fallback).
 * Stateless; does not allocate.
 */
final class ClientHashLookup {

    /** A scheduler's hash of a client key, displaced by {@code offset}, to a slot of its table. */
    interface SlotHash {
        int slot(int key, int offset);
    }

    private ClientHashLookup() {
    }

    /**
     * The client key: the source-address fold plus, with the sh-port/mh-port flag, the source port
     * of a TCP, UDP or SCTP packet (other protocols hash port 0, as ip_vs_sh_get_port returns).
     */
    static int clientKey(VirtualService service, PacketKey packet) {
        int key = packet.srcFold();
        if ((service.config().flags() & ServiceFlags.SCHED_PORT) != 0 && packet.protocol != Protocol.IP) {
            key += packet.srcPort;
        }
        return key;
    }

    /**
     * The server for {@code key}, or null. Without fallback, the server of slot {@code hash(key, 0)}
     * unless it has weight 0 or is overloaded. With fallback, when that server is unusable, the
     * slots {@code hash(key, (ihash + i) mod size)} for i = 0..size-1 are tried in turn; an empty
     * slot ends the walk.
     */
    static RealServer find(RealServer[] table, SlotHash hash, int key, boolean fallback) {
        int ihash = hash.slot(key, 0);
        RealServer dest = table[ihash];
        if (dest == null) {
            return null;
        }
        if (dest.schedulable()) {
            return dest;
        }
        if (!fallback) {
            return null;
        }
        int size = table.length;
        for (int offset = 0; offset < size; offset++) {
            int roffset = (offset + ihash) % size;
            dest = table[hash.slot(key, roffset)];
            if (dest == null) {
                return null;
            }
            if (dest.schedulable()) {
                return dest;
            }
        }
        return null;
    }
}
