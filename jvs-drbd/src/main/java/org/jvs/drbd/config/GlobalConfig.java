package org.jvs.drbd.config;

import java.util.OptionalInt;

/**
 * The {@code global { }} section. Immutable.
 *
 * @param present               whether the file has a global section at all
 * @param disableIpVerification {@code disable-ip-verification;}
 * @param minorCount            {@code minor-count N;}
 * @param dialogRefresh         {@code dialog-refresh N;}
 * @param usageCount            "yes", "no" or "ask" (the default)
 */
public record GlobalConfig(boolean present, boolean disableIpVerification, OptionalInt minorCount,
                           OptionalInt dialogRefresh, String usageCount) {

    /** A configuration without a global section. */
    public static final GlobalConfig NONE = new GlobalConfig(false, false, OptionalInt.empty(), OptionalInt.empty(), "ask");
}
