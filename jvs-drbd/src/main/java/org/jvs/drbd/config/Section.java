package org.jvs.drbd.config;

/**
 * The option sections of a resource (and of {@code common}), in the order {@code drbdadm dump}
 * prints them.
 */
public enum Section {
    /** {@code options { cpu-mask; on-no-data-accessible; }}. */
    OPTIONS("options"),
    /** {@code net { protocol; cram-hmac-alg; after-sb-*; verify-alg; ... }}. */
    NET("net"),
    /** {@code disk { on-io-error; resync-rate; al-extents; c-*; ... }}. */
    DISK("disk"),
    /** {@code startup { wfc-timeout; degr-wfc-timeout; become-primary-on; ... }}. */
    STARTUP("startup"),
    /** {@code handlers { split-brain "..."; fence-peer "..."; ... }}. */
    HANDLERS("handlers");

    private final String keyword;

    Section(String keyword) {
        this.keyword = keyword;
    }

    /** The section's keyword in drbd.conf. */
    public String keyword() {
        return keyword;
    }
}
