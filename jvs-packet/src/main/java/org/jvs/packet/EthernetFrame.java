package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * Ethernet II header (IEEE 802.3 without FCS, as TAP and AF_PACKET deliver frames), with at most one
 * IEEE 802.1Q tag. See {@link Flyweight} for the access and thread-safety rules.
 */
public final class EthernetFrame extends Flyweight {
    /** Untagged header length in bytes. */
    public static final int HEADER_LENGTH = 14;
    /** Length of the 802.1Q tag (TPID + TCI) in bytes. */
    public static final int VLAN_TAG_LENGTH = 4;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    /** 802.1Q tag protocol identifier. */
    public static final int TYPE_VLAN = 0x8100;
    public static final int TYPE_IPV6 = 0x86DD;
    /** Value of {@code vlanTci} arguments meaning "untagged". */
    public static final int NO_VLAN = -1;

    /** Points this view at the frame starting at {@code offset}. */
    public EthernetFrame wrap(MemorySegment segment, int offset) {
        bind(segment, offset);
        return this;
    }

    /** Destination MAC address. */
    public long destination() {
        return Bytes.mac(segment(), offset());
    }

    /** Source MAC address. */
    public long source() {
        return Bytes.mac(segment(), offset() + 6);
    }

    /** Sets the destination MAC address (all that LVS-DR changes in a frame). */
    public void setDestination(long mac) {
        Bytes.putMac(segment(), offset(), mac);
    }

    /** Sets the source MAC address. */
    public void setSource(long mac) {
        Bytes.putMac(segment(), offset() + 6, mac);
    }

    /** Whether an 802.1Q tag follows the source address. */
    public boolean hasVlanTag() {
        return u16(12) == TYPE_VLAN;
    }

    /** The tag control information (PCP, DEI, VLAN id), or {@link #NO_VLAN} when untagged. */
    public int vlanTci() {
        return hasVlanTag() ? u16(14) : NO_VLAN;
    }

    /** The type of the payload, after the tag when there is one. */
    public int etherType() {
        return hasVlanTag() ? u16(16) : u16(12);
    }

    /** 14, or 18 with a tag: the offset of the payload from the frame start. */
    public int headerLength() {
        return hasVlanTag() ? HEADER_LENGTH + VLAN_TAG_LENGTH : HEADER_LENGTH;
    }

    /**
     * Writes a header at {@code offset}, tagged when {@code vlanTci} is not {@link #NO_VLAN}.
     *
     * @return the header length in bytes (14 or 18)
     */
    public static int writeHeader(MemorySegment s, int offset, long destination, long source, int vlanTci,
            int etherType) {
        Bytes.putMac(s, offset, destination);
        Bytes.putMac(s, offset + 6, source);
        if (vlanTci == NO_VLAN) {
            Bytes.put16(s, offset + 12, etherType);
            return HEADER_LENGTH;
        }
        Bytes.put16(s, offset + 12, TYPE_VLAN);
        Bytes.put16(s, offset + 14, vlanTci);
        Bytes.put16(s, offset + 16, etherType);
        return HEADER_LENGTH + VLAN_TAG_LENGTH;
    }
}
