package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;

/**
 * The greatest common divisor of the positive weights of a service's real servers, which wrr and
 * mh divide weights by (ip_vs_wrr_gcd_weight, ip_vs_mh_gcd_weight). Stateless; does not allocate.
 */
final class WeightGcd {

    private WeightGcd() {
    }

    /**
     * The gcd of the positive current weights ({@code lastWeight} false, wrr) or of the positive
     * last non-zero weights ({@code lastWeight} true, mh); 0 when there is none.
     */
    static int of(RealServer[] dests, boolean lastWeight) {
        int g = 0;
        for (RealServer d : dests) {
            int w = lastWeight ? d.lastWeight() : d.weight();
            if (w > 0) {
                g = g > 0 ? gcd(w, g) : w;
            }
        }
        return g;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
