package org.jvs.netio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What the kernel said about a frame received on a {@link PacketSocket}: its length, the packet type
 * (to us, broadcast, multicast, to another host, or our own outgoing frame), and from
 * {@code PACKET_AUXDATA} the status bits. {@link #checksumNotReady()} means the transport checksum is
 * only the pseudo-header sum (the sender used checksum offload, typical on veth): finish it before
 * forwarding the frame anywhere. A VLAN tag the device took off the frame is reported here, not in the
 * frame. Mutable, filled in by each receive: one instance per receiving thread; not thread-safe.
 */
public final class FrameInfo {
    /** Packet types (sockaddr_ll sll_pkttype). */
    public static final int PACKET_HOST = 0;
    public static final int PACKET_BROADCAST = 1;
    public static final int PACKET_MULTICAST = 2;
    public static final int PACKET_OTHERHOST = 3;
    public static final int PACKET_OUTGOING = 4;

    static final int SOCKADDR_LL_SIZE = 20;
    /** CMSG_SPACE(sizeof(struct tpacket_auxdata)) on LP64. */
    static final int CONTROL_SIZE = 40;
    static final int PACKET_AUXDATA = 8;
    private static final int MSG_TRUNC = 0x20;
    private static final int TP_STATUS_CSUMNOTREADY = 1 << 3;
    private static final int TP_STATUS_VLAN_VALID = 1 << 4;
    private static final int TP_STATUS_VLAN_TPID_VALID = 1 << 6;
    private static final int TP_STATUS_CSUM_VALID = 1 << 7;
    private static final int CMSG_HEADER = 16;
    private static final int AUXDATA_SIZE = 20;

    private int length;
    private int interfaceIndex;
    private int packetType;
    private int status;
    private int vlanTci;
    private int vlanTpid;
    private boolean truncated;

    /** Bytes of the frame stored in the buffer. */
    public int length() {
        return length;
    }

    /** Whether the frame was longer than the buffer and was cut to {@link #length()}. */
    public boolean truncated() {
        return truncated;
    }

    /** Index of the interface it was seen on. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** One of the {@code PACKET_*} constants. */
    public int packetType() {
        return packetType;
    }

    /** Whether this host sent the frame (it is seen leaving). */
    public boolean outgoing() {
        return packetType == PACKET_OUTGOING;
    }

    /** The raw tp_status bits of PACKET_AUXDATA. */
    public int status() {
        return status;
    }

    /** TP_STATUS_CSUMNOTREADY: the transport checksum still has to be computed. */
    public boolean checksumNotReady() {
        return (status & TP_STATUS_CSUMNOTREADY) != 0;
    }

    /** TP_STATUS_CSUM_VALID: the device already verified the transport checksum. */
    public boolean checksumValid() {
        return (status & TP_STATUS_CSUM_VALID) != 0;
    }

    /** Whether a VLAN tag was removed from the frame by the device. */
    public boolean hasVlan() {
        return (status & TP_STATUS_VLAN_VALID) != 0;
    }

    /** The removed tag's control information, when {@link #hasVlan()}. */
    public int vlanTci() {
        return vlanTci;
    }

    /** The removed tag's protocol identifier (0x8100 when the kernel did not say). */
    public int vlanTpid() {
        return vlanTpid;
    }

    /**
     * Reads the sockaddr_ll and the control messages the kernel wrote for one frame.
     *
     * @param name the sockaddr_ll at {@code nameAt}
     * @param control the control buffer at {@code controlAt}, {@code controlLength} bytes used
     * @param messageFlags msg_flags of the msghdr
     */
    void fill(MemorySegment name, long nameAt, MemorySegment control, long controlAt, long controlLength, int bytes,
            int messageFlags) {
        length = bytes;
        truncated = (messageFlags & MSG_TRUNC) != 0;
        interfaceIndex = name.get(ValueLayout.JAVA_INT, nameAt + 4);
        packetType = name.get(ValueLayout.JAVA_BYTE, nameAt + 10) & 0xFF;
        status = 0;
        vlanTci = 0;
        vlanTpid = 0;
        long at = 0;
        while (at + CMSG_HEADER <= controlLength) {
            long cmsgLength = control.get(ValueLayout.JAVA_LONG, controlAt + at);
            int level = control.get(ValueLayout.JAVA_INT, controlAt + at + 8);
            int type = control.get(ValueLayout.JAVA_INT, controlAt + at + 12);
            if (cmsgLength < CMSG_HEADER) {
                return;
            }
            if (level == Libc.SOL_PACKET && type == PACKET_AUXDATA && cmsgLength >= CMSG_HEADER + AUXDATA_SIZE) {
                long aux = controlAt + at + CMSG_HEADER;
                status = control.get(ValueLayout.JAVA_INT, aux);
                vlanTci = control.get(ValueLayout.JAVA_SHORT, aux + 16) & 0xFFFF;
                vlanTpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0
                        ? control.get(ValueLayout.JAVA_SHORT, aux + 18) & 0xFFFF
                        : 0x8100;
            }
            at += (cmsgLength + 7) & ~7L;
        }
    }
}
