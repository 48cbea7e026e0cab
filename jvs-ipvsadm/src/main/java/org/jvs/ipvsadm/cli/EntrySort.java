package org.jvs.ipvsadm.cli;

import java.util.ArrayList;
import java.util.List;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvsadm.control.DestEntry;
import org.jvs.ipvsadm.control.ServiceEntry;

/**
 * The listing order of ipvsadm (ipvs_cmp_services, ipvs_cmp_dests) with its quirk kept: fields are
 * compared by subtracting them as unsigned 32-bit numbers and reading the result as a signed int,
 * so addresses 2^31 or more apart compare the "wrong" way (10.0.0.1 after 192.168.0.1). Such a
 * comparison is not transitive, so the result depends on the sort algorithm: this is glibc's
 * qsort, a top-down merge sort that keeps the left element on ties. Stateless.
 */
final class EntrySort {
    private EntrySort() {
    }

    /** Services by fwmark, family, protocol, address, port. */
    static List<ServiceEntry> services(List<ServiceEntry> list) {
        return mergeSort(list, EntrySort::compareServices);
    }

    /** Real servers by address, then port. */
    static List<DestEntry> dests(List<DestEntry> list) {
        return mergeSort(list, EntrySort::compareDests);
    }

    static int compareServices(ServiceEntry a, ServiceEntry b) {
        ServiceKey x = a.config().key();
        ServiceKey y = b.config().key();
        int r = x.fwmark() - y.fwmark();
        if (r != 0) {
            return r;
        }
        r = x.family().linuxValue() - y.family().linuxValue();
        if (r != 0) {
            return r;
        }
        r = x.protocol().number() - y.protocol().number();
        if (r != 0) {
            return r;
        }
        r = compareAddresses(x.address(), y.address(), x.address().isV4());
        if (r != 0) {
            return r;
        }
        return x.port() - y.port();
    }

    static int compareDests(DestEntry a, DestEntry b) {
        IpAddress x = a.config().address();
        IpAddress y = b.config().address();
        int r = compareAddresses(x, y, x.isV4());
        if (r != 0) {
            return r;
        }
        return a.config().port() - b.config().port();
    }

    /** The first address's family decides how many 32-bit words are compared, as in libipvs. */
    private static int compareAddresses(IpAddress x, IpAddress y, boolean v4) {
        int[] xw = words(x);
        int[] yw = words(y);
        int words = v4 ? 1 : 4;
        for (int i = 0; i < words; i++) {
            int r = xw[i] - yw[i];
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    /** An address as nf_inet_addr's four host-order words; IPv4 fills the first. */
    private static int[] words(IpAddress a) {
        if (a.isV4()) {
            return new int[] {a.v4(), 0, 0, 0};
        }
        return new int[] {(int) (a.hi() >>> 32), (int) a.hi(), (int) (a.lo() >>> 32), (int) a.lo()};
    }

    private interface Cmp<T> {
        int compare(T a, T b);
    }

    private static <T> List<T> mergeSort(List<T> list, Cmp<T> cmp) {
        List<T> b = new ArrayList<>(list);
        List<T> tmp = new ArrayList<>(list);
        msort(b, tmp, 0, b.size(), cmp);
        return b;
    }

    /** glibc msort_with_tmp: split n/2 | n - n/2, sort both, merge taking the left one while cmp <= 0. */
    private static <T> void msort(List<T> b, List<T> tmp, int from, int n, Cmp<T> cmp) {
        if (n <= 1) {
            return;
        }
        int n1 = n / 2;
        int n2 = n - n1;
        msort(b, tmp, from, n1, cmp);
        msort(b, tmp, from + n1, n2, cmp);
        int i1 = from;
        int i2 = from + n1;
        int t = 0;
        while (n1 > 0 && n2 > 0) {
            if (cmp.compare(b.get(i1), b.get(i2)) <= 0) {
                tmp.set(t++, b.get(i1++));
                n1--;
            } else {
                tmp.set(t++, b.get(i2++));
                n2--;
            }
        }
        while (n1 > 0) {
            tmp.set(t++, b.get(i1++));
            n1--;
        }
        // Whatever is left of the second half is already in place.
        for (int k = 0; k < t; k++) {
            b.set(from + k, tmp.get(k));
        }
    }
}
