package org.jvs.ipvs.conn;

import java.util.Arrays;

/**
 * The hash index of the connection table. As in the kernel, an entry is hashed by its client side
 * {@code <protocol, client address, client port>} only, so a client's packets (in-direction) and a
 * real server's replies to that client (out-direction, NAT) find the entry in the same chain.
 * Chains are singly linked through the entries' own next field; new entries go to the head, so a
 * rescheduled connection shadows an older one with the same key. The bucket array doubles when
 * the load passes one entry per bucket. The hash is keyed by a per-table seed so that clients
 * cannot choose colliding keys.
 *
 * <p>Not thread-safe: owned by the table's data-plane thread.
 */
final class ConnectionIndex {
    private static final int MAX_BITS = 30;

    private final ConnectionStore store;
    private final long seed;
    private int[] heads;
    private int bits;
    private int count;

    ConnectionIndex(ConnectionStore store, int initialBits, long seed) {
        this.store = store;
        this.seed = seed;
        this.bits = initialBits;
        this.heads = new int[1 << initialBits];
        Arrays.fill(heads, -1);
    }

    /** Number of buckets now in use (grows with the table). */
    int buckets() {
        return heads.length;
    }

    /** The kernel's address fold: the IPv4 value, or the XOR of the four 32-bit words of IPv6. */
    static int fold(long hi, long lo) {
        return (int) (hi >>> 32) ^ (int) hi ^ (int) (lo >>> 32) ^ (int) lo;
    }

    /** The hash of a client side; {@code addrFold} as {@link #fold}. */
    int hash(int protocol, int addrFold, int port) {
        long k = ((long) addrFold << 32) | ((long) port << 8) | protocol;
        k ^= seed;
        k *= 0x9E37_79B9_7F4A_7C15L;
        k ^= k >>> 32;
        k *= 0xD6E8_FEB8_6659_FD93L;
        k ^= k >>> 29;
        return (int) k;
    }

    /** First entry of the chain for {@code hash}, or -1. */
    int head(int hash) {
        return heads[hash & (heads.length - 1)];
    }

    void insert(int h) {
        if (count >= heads.length && bits < MAX_BITS) {
            grow();
        }
        int b = hashOf(h) & (heads.length - 1);
        store.set(h, ConnectionStore.F_HNEXT, heads[b]);
        heads[b] = h;
        count++;
    }

    void remove(int h) {
        int b = hashOf(h) & (heads.length - 1);
        int cur = heads[b];
        if (cur == h) {
            heads[b] = store.get(h, ConnectionStore.F_HNEXT);
        } else {
            int next;
            while ((next = store.get(cur, ConnectionStore.F_HNEXT)) != h) {
                cur = next;
            }
            store.set(cur, ConnectionStore.F_HNEXT, store.get(h, ConnectionStore.F_HNEXT));
        }
        count--;
    }

    private int hashOf(int h) {
        int[] p = store.page(h);
        int o = ConnectionStore.offset(h);
        int protocol = (p[o + ConnectionStore.F_DPORT_PROTO_STATE] >>> 8) & 0xFF;
        int port = p[o + ConnectionStore.F_PORTS] >>> 16;
        int fold;
        if ((p[o + ConnectionStore.F_FLAGS] & ConnFlags.WIDE) == 0) {
            fold = p[o + ConnectionStore.F_CADDR];
        } else {
            int w = p[o + ConnectionStore.F_CADDR];
            fold = fold(store.wide(w, 0), store.wide(w, 1));
        }
        return hash(protocol, fold, port);
    }

    private void grow() {
        int[] old = heads;
        int[] grown = new int[old.length * 2];
        int mask = grown.length - 1;
        for (int b = 0; b < old.length; b++) {
            // A chain splits into buckets b and b + old.length; appending keeps its newest-first order.
            int loHead = -1;
            int loTail = -1;
            int hiHead = -1;
            int hiTail = -1;
            for (int h = old[b]; h >= 0; ) {
                int next = store.get(h, ConnectionStore.F_HNEXT);
                store.set(h, ConnectionStore.F_HNEXT, -1);
                if ((hashOf(h) & mask) == b) {
                    if (loTail < 0) {
                        loHead = h;
                    } else {
                        store.set(loTail, ConnectionStore.F_HNEXT, h);
                    }
                    loTail = h;
                } else {
                    if (hiTail < 0) {
                        hiHead = h;
                    } else {
                        store.set(hiTail, ConnectionStore.F_HNEXT, h);
                    }
                    hiTail = h;
                }
                h = next;
            }
            grown[b] = loHead;
            grown[b + old.length] = hiHead;
        }
        heads = grown;
        bits++;
    }
}
