package org.jvs.director.dataplane;

/** Why the forwarder dropped a frame; each is counted, none is thrown. */
public enum DropReason {
    /** The frame failed parsing (the parser's own reasons are counted by the parser status). */
    MALFORMED,
    /** No route to the real server or the client. */
    NO_ROUTE,
    /** The next hop's MAC is not known yet; an ARP request was sent. */
    NO_NEIGHBOUR,
    /** TTL ran out; an ICMP time exceeded was sent. */
    TTL_EXPIRED,
    /** Too big for the outgoing link with DF set; an ICMP fragmentation needed was sent. */
    TOO_BIG,
    /** Too big for the outgoing link without DF: fragmentation is not done in user space. */
    NEEDS_FRAGMENTATION,
    /** A GSO super-frame that would need software segmentation (tunnels). */
    GSO_TUNNEL,
    /** The connection core refused it (deleted real server, table full). */
    REFUSED,
    /** The kernel did not take the frame: send queue full, or a frame it refuses (EINVAL, EMSGSIZE). */
    TX_REFUSED
}
