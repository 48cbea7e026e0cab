package org.jvs.bench;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import org.jvs.netio.NetInterface;
import org.jvs.netio.PacketBatch;
import org.jvs.netio.PacketSocket;
import org.jvs.packet.Checksum;
import org.jvs.packet.EthernetFrame;
import org.jvs.packet.IpProtocol;
import org.jvs.packet.Ipv4Header;
import org.jvs.packet.UdpHeader;

/**
 * A 64-byte UDP packet generator for measuring a director's forwarding rate beyond what one
 * iperf3 sender reaches: minimum-size frames (60 bytes + FCS) from {@code flows} source ports,
 * written with sendmmsg from one prebuilt batch as fast as the kernel takes them, for a fixed time.
 * Prints the frames handed to the kernel. Run it in the client's namespace:
 *
 * <pre>java -cp benchmarks.jar org.jvs.bench.UdpFlood IF DST_MAC SRC_IP DST_IP PORT FLOWS SECONDS</pre>
 */
public final class UdpFlood {
    private static final int PAYLOAD = 18;
    private static final int FRAME = EthernetFrame.HEADER_LENGTH + Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH + PAYLOAD;
    private static final int BATCH = 64;

    private UdpFlood() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: UdpFlood IF DST_MAC SRC_IP DST_IP PORT FLOWS SECONDS");
            System.exit(2);
        }
        String device = args[0];
        long dstMac = Long.parseLong(args[1].replace(":", ""), 16);
        int src = v4(args[2]);
        int dst = v4(args[3]);
        int port = Integer.parseInt(args[4]);
        int flows = Integer.parseInt(args[5]);
        long seconds = Long.parseLong(args[6]);
        long srcMac = NetInterface.macAddress(device);
        try (PacketSocket socket = PacketSocket.open(device); PacketBatch batch = new PacketBatch(BATCH, 128)) {
            for (int i = 0; i < BATCH; i++) {
                write(batch.frame(i), srcMac, dstMac, src, dst, 10_000 + i % flows, port);
                batch.setLength(i, FRAME);
            }
            long sent = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                sent += socket.send(batch, BATCH);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d %.3f%n", sent, elapsed);
        }
    }

    private static void write(MemorySegment s, long srcMac, long dstMac, int src, int dst, int sport, int dport) {
        int l3 = EthernetFrame.writeHeader(s, 0, dstMac, srcMac, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV4);
        int udpLength = UdpHeader.LENGTH + PAYLOAD;
        Ipv4Header.write(s, l3, 0, Ipv4Header.MIN_LENGTH + udpLength, sport, true, 64, IpProtocol.UDP, src, dst);
        int l4 = l3 + Ipv4Header.MIN_LENGTH;
        UdpHeader.write(s, l4, sport, dport, udpLength);
        s.asSlice(l4 + UdpHeader.LENGTH, PAYLOAD).fill((byte) 'j');
        int sum = Checksum.sum(s, l4, udpLength, Checksum.pseudoHeaderV4(src, dst, IpProtocol.UDP, udpLength));
        int c = ~sum & 0xFFFF;
        s.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN),
                l4 + UdpHeader.CHECKSUM_OFFSET, (short) (c == 0 ? 0xFFFF : c));
    }

    private static int v4(String dotted) throws Exception {
        byte[] b = InetAddress.getByName(dotted).getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }
}
