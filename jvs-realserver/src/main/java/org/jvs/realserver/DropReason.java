package org.jvs.realserver;

/** Why a tunnel packet addressed to this host was not delivered; each is counted, none is thrown. */
enum DropReason {
    /** A fragment of a tunnel packet: outer fragments are not reassembled in user space. */
    FRAGMENT,
    /** The inner packet is missing, not IPv4 or IPv6, or malformed (or its offloaded checksum cannot be finished). */
    BAD_INNER,
    /** Congestion marked outside an inner packet that is not ECN-capable: RFC 6040 says drop it. */
    CONGESTION,
    /** The TUN device had no room for the inner packet. */
    DEVICE_BUSY,
    /** The frame was larger than a receive-ring slot and arrived cut short. */
    TRUNCATED
}
