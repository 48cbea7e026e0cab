package org.jvs.packet;

/**
 * Frames written by the Linux 6.18 kernel, read from a TAP device (no offloads, so checksums are
 * complete) in a throw-away network namespace: the TAP holds 172.25.254.1 and fd00:254::1 at
 * 02:00:00:00:00:01, the peer is 172.25.254.2 / fd00:254::2 at 02:00:00:00:00:02. Each answers a frame
 * written to the TAP (the one it quotes or mirrors), or was sent by a kernel socket.
 */
final class KernelFrames {
    /** Reply to "who has 172.25.254.1? tell 172.25.254.2". */
    static final String ARP_REPLY =
            "02000000000202000000000108060001080006040002020000000001ac19fe01020000000002ac19fe02";
    /** Echo reply to id 0x4a56 seq 1 "jvs-echo-payload". */
    static final String ICMP_ECHO_REPLY = "02000000000202000000000108004500002c7f7d00004001a71cac19fe01ac19fe02"
            + "0000ad744a5600016a76732d6563686f2d7061796c6f6164";
    /** Port unreachable about UDP 172.25.254.2:40000 -> 172.25.254.1:9 "hello-lvs" (id 0x1234, DF). */
    static final String ICMP_PORT_UNREACHABLE = "020000000002020000000001080045c000417f7e00004001a646ac19fe01ac19fe02"
            + "030351570000000045000025123440004011d45cac19fe02ac19fe019c4000090011ebd468656c6c6f2d6c7673";
    /** A connect() SYN with options (MSS 1460, SACK-permitted, timestamps, window scale 10). */
    static final String TCP_SYN = "02000000000202000000000108004500003ca55740004006412dac19fe01ac19fe02"
            + "ba6e00500479418900000000a002faf0bb9c0000020405b40402080aaa7f91f7000000000103030a";
    /** sendto() of "lvs-udp-datagram" from 172.25.254.1:5353 to 172.25.254.2:53. */
    static final String UDP_DATAGRAM = "02000000000202000000000108004500002c08e440004011dda5ac19fe01ac19fe02"
            + "14e9003500182f906c76732d7564702d646174616772616d";
    /** ICMPv6 echo reply to id 0x4a56 seq 1 "jvs-echo6". */
    static final String ICMPV6_ECHO_REPLY = "02000000000202000000000186dd6005e5c300113a40"
            + "fd000254000000000000000000000001fd000254000000000000000000000002810054394a5600016a76732d6563686f36";
    /** ICMPv6 port unreachable about UDP [fd00:254::2]:40000 -> [fd00:254::1]:9 "hello-lvs". */
    static final String ICMPV6_PORT_UNREACHABLE = "02000000000202000000000186dd600c353600413a40"
            + "fd000254000000000000000000000001fd000254000000000000000000000002"
            + "01048ea4000000006000000000111140fd000254000000000000000000000002fd000254000000000000000000000001"
            + "9c4000090011416068656c6c6f2d6c7673";
    /** A connect() SYN over IPv6 (MSS 1440, SACK-permitted, timestamps, window scale 10). */
    static final String TCP6_SYN = "02000000000202000000000186dd6008e6a400280640"
            + "fd000254000000000000000000000001fd000254000000000000000000000002"
            + "a21800501906404b00000000a002fd2096c20000020405a00402080a1a9f9f28000000000103030a";

    private KernelFrames() {
    }
}
