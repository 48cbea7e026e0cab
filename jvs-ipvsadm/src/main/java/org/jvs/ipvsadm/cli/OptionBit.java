package org.jvs.ipvsadm.cli;

/**
 * The options ipvsadm tracks for its legality checks (OPTC_*), in bit order, with the names its
 * messages use. Each may be given once: a repeat is "multiple '%s' options specified".
 */
enum OptionBit {
    NUMERIC("numeric"),
    CONNECTION("connection"),
    SERVICE("service-address"),
    SCHEDULER("scheduler"),
    PERSISTENT("persistent"),
    NETMASK("netmask"),
    SERVER("real-server"),
    FORWARD("forwarding-method"),
    WEIGHT("weight"),
    UTHRESHOLD("u-threshold"),
    LTHRESHOLD("l-threshold"),
    MCAST("mcast-interface"),
    TIMEOUT("timeout"),
    DAEMON("daemon"),
    STATS("stats"),
    RATE("rate"),
    THRESHOLDS("thresholds"),
    PERSISTENTCONN("persistent-conn"),
    NOSORT("nosort"),
    SYNCID("syncid"),
    EXACT("exact"),
    ONEPACKET("ops"),
    PERSISTENCE_ENGINE("pe"),
    SCHED_FLAGS("sched-flags"),
    MCAST_GROUP("mcast-group"),
    MCAST_PORT("mcast-port"),
    MCAST_TTL("mcast-ttl"),
    SYNC_MAXLEN("sync-maxlen"),
    TUN_INFO("tun-info"),
    TUN_TYPE("tun-type"),
    TUN_PORT("tun-port"),
    TUN_NOCSUM("tun-nocsum"),
    TUN_CSUM("tun-csum"),
    TUN_REMCSUM("tun-remcsum");

    private final String label;

    OptionBit(String label) {
        this.label = label;
    }

    /** The name in ipvsadm's messages. */
    String label() {
        return label;
    }

    long mask() {
        return 1L << ordinal();
    }

    /** Whether {@code options} holds this bit. */
    boolean in(long options) {
        return (options & mask()) != 0;
    }
}
