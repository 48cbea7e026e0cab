package org.jvs.ipvsadm.cli;

import java.util.List;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvsadm.control.ConnectionEntry;

/**
 * {@code ipvsadm -c}: the connection table as ipvsadm's list_conn and print_conn lay it out,
 * expiry as minutes:seconds, with the persistence engine columns under {@code --persistent-conn}
 * for the entries that carry engine data. Not thread-safe.
 */
final class ConnectionLister {
    private final Output io;
    private final DirectorSession session;
    private final AddressNames names;

    ConnectionLister(Output io, DirectorSession session, AddressNames names) {
        this.io = io;
        this.session = session;
        this.names = names;
    }

    void list(int format) {
        List<ConnectionEntry> conns;
        try {
            conns = session.control().connections();
        } catch (IpvsException e) {
            io.err.print(IpvsCall.GET_CONNECTIONS.message(e.errno()) + "\n");
            throw new IpvsadmExit(1);
        }
        boolean pe = (format & ListFormat.PERSISTENTCONN) != 0;
        boolean numeric = (format & ListFormat.NUMERIC) != 0;
        StringBuilder sb = new StringBuilder(128 + conns.size() * 100);
        sb.append("IPVS connection entries\n");
        sb.append("pro expire ").append(Columns.left("state", 11)).append(' ')
                .append(Columns.left("source", 18)).append(' ')
                .append(Columns.left("virtual", 18)).append(' ');
        if (pe) {
            sb.append(Columns.left("destination", 18)).append(' ').append(Columns.left("pe name", 16)).append(" pe_data\n");
        } else {
            sb.append("destination\n");
        }
        for (ConnectionEntry c : conns) {
            Protocol protocol = protocol(c.protocol());
            String cname = names.addrPort(c.clientAddress(), c.clientPort(), protocol, numeric);
            String vname = names.addrPort(c.virtualAddress(), c.virtualPort(), protocol, numeric);
            String dname = names.addrPort(c.destAddress(), c.destPort(), protocol, numeric);
            long expires = Integer.toUnsignedLong(c.expireSec());
            String expire = twoDigits(expires / 60) + ":" + twoDigits(expires % 60);
            sb.append(Columns.left(c.protocol(), 3)).append(' ')
                    .append(Columns.left(expire, 6)).append(' ')
                    .append(Columns.left(c.state(), 11)).append(' ')
                    .append(Columns.left(cname, 18)).append(' ')
                    .append(Columns.left(vname, 18)).append(' ');
            // ipvsadm shows the engine columns only when the kernel line had both fields.
            if (pe && !c.peName().isEmpty() && !c.peData().isEmpty()) {
                sb.append(Columns.left(dname, 16)).append(' ')
                        .append(Columns.left(c.peName(), 18)).append(' ')
                        .append(c.peData()).append('\n');
            } else {
                sb.append(dname).append('\n');
            }
        }
        io.out.print(sb);
    }

    private static String twoDigits(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }

    /** The protocol whose service names apply, or null (IP templates and anything else). */
    private static Protocol protocol(String name) {
        return switch (name) {
            case "TCP" -> Protocol.TCP;
            case "UDP" -> Protocol.UDP;
            case "SCTP" -> Protocol.SCTP;
            default -> null;
        };
    }
}
