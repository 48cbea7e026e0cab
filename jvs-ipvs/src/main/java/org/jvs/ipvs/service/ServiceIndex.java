package org.jvs.ipvs.service;

import java.util.ArrayList;
import java.util.List;
import org.jvs.ipvs.AddressFamily;

/**
 * An immutable lookup structure over the virtual services, rebuilt by the table on every change and
 * read by data-plane threads without locks. IPv4 services sit in an open-addressed array keyed by
 * one long (protocol, port, address), so a lookup does not allocate; IPv6 and fwmark services are
 * few and are scanned.
 */
final class ServiceIndex {
    static final ServiceIndex EMPTY = new ServiceIndex(List.of());

    private final long[] v4Keys;
    private final VirtualService[] v4Services;
    private final int v4Mask;
    private final VirtualService[] v6Services;
    private final VirtualService[] fwmarkServices;
    /** Whether any TCP port-21 service exists, so FTP data lookups can be skipped cheaply. */
    private final boolean hasFtp;
    /** Open-addressed set of IPv4 virtual addresses (0 marks a free slot; 0.0.0.0 is never a VIP). */
    private final int[] v4Addresses;

    ServiceIndex(List<VirtualService> services) {
        List<VirtualService> v4 = new ArrayList<>();
        List<VirtualService> v6 = new ArrayList<>();
        List<VirtualService> fw = new ArrayList<>();
        boolean ftp = false;
        for (VirtualService s : services) {
            ServiceKey k = s.key();
            if (k.isFwmark()) {
                fw.add(s);
            } else if (k.family() == AddressFamily.INET) {
                v4.add(s);
            } else {
                v6.add(s);
            }
            ftp |= !k.isFwmark() && k.protocol() == Protocol.TCP && k.port() == 21;
        }
        int cap = Integer.highestOneBit(Math.max(4, v4.size() * 2 + 1) * 2 - 1);
        v4Keys = new long[cap];
        v4Services = new VirtualService[cap];
        v4Mask = cap - 1;
        for (VirtualService s : v4) {
            long key = v4Key(s.key().protocol().number(), s.key().address().v4(), s.key().port());
            int i = slot(key);
            while (v4Services[i] != null) {
                i = (i + 1) & v4Mask;
            }
            v4Keys[i] = key;
            v4Services[i] = s;
        }
        v4Addresses = new int[cap];
        for (VirtualService s : v4) {
            int a = s.key().address().v4();
            int i = addressSlot(a);
            while (v4Addresses[i] != 0 && v4Addresses[i] != a) {
                i = (i + 1) & v4Mask;
            }
            v4Addresses[i] = a;
        }
        v6Services = v6.toArray(VirtualService[]::new);
        fwmarkServices = fw.toArray(VirtualService[]::new);
        hasFtp = ftp;
    }

    private static long v4Key(int protocol, int addr, int port) {
        return ((long) protocol << 48) | ((long) port << 32) | (addr & 0xFFFF_FFFFL);
    }

    private int addressSlot(int addr) {
        return (addr * 0x9E3779B9 >>> 8) & v4Mask;
    }

    private int slot(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40) & v4Mask;
    }

    /** ip_vs_service_find: fwmark, exact, FTP data, then the port-0 catch-all. */
    VirtualService find(AddressFamily family, int protocol, long addrHi, long addrLo, int port, int fwmark) {
        if (fwmark != 0) {
            for (VirtualService s : fwmarkServices) {
                if (s.key().fwmark() == fwmark && s.key().family() == family) {
                    return s;
                }
            }
        }
        VirtualService s = exact(family, protocol, addrHi, addrLo, port);
        if (s != null) {
            return s;
        }
        // FTP data connections (active mode from port 20, passive to unprivileged ports) belong
        // to the port-21 service.
        if (hasFtp && protocol == Protocol.TCP.number() && (port == 20 || port >= 1024)) {
            s = exact(family, protocol, addrHi, addrLo, 21);
            if (s != null) {
                return s;
            }
        }
        return port == 0 ? null : exact(family, protocol, addrHi, addrLo, 0);
    }

    private VirtualService exact(AddressFamily family, int protocol, long addrHi, long addrLo, int port) {
        if (family == AddressFamily.INET) {
            long key = v4Key(protocol, (int) addrLo, port);
            for (int i = slot(key); v4Services[i] != null; i = (i + 1) & v4Mask) {
                if (v4Keys[i] == key) {
                    return v4Services[i];
                }
            }
            return null;
        }
        for (VirtualService s : v6Services) {
            ServiceKey k = s.key();
            if (k.port() == port && k.protocol().number() == protocol
                    && k.address().hi() == addrHi && k.address().lo() == addrLo) {
                return s;
            }
        }
        return null;
    }

    /** Whether any service uses this address (the director must answer ARP / accept it). */
    boolean hasAddress(AddressFamily family, long addrHi, long addrLo) {
        if (family == AddressFamily.INET) {
            int a = (int) addrLo;
            if (a == 0) {
                return false;
            }
            for (int i = addressSlot(a); v4Addresses[i] != 0; i = (i + 1) & v4Mask) {
                if (v4Addresses[i] == a) {
                    return true;
                }
            }
            return false;
        }
        for (VirtualService s : v6Services) {
            if (s.key().address().hi() == addrHi && s.key().address().lo() == addrLo) {
                return true;
            }
        }
        return false;
    }
}
