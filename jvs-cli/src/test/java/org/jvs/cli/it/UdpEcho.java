package org.jvs.cli.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jvs.lab.Host;

/**
 * A real UDP service on a lab host that answers every datagram with its own name and the client
 * address it saw, and a client that asks it through a VIP: IPv4 or IPv6 by the address given.
 */
final class UdpEcho {
    /** One answer: which server, the client address it saw, and where the answer came from. */
    record Reply(String server, String clientSeen, String from, int fromPort) {
        static final Reply TIMEOUT = new Reply("timeout", "", "", 0);
    }

    private UdpEcho() {
    }

    /** Serves on {@code address:port} of {@code server} (100 datagrams at most); returns once it is bound. */
    static void serve(Host server, String address, int port, String name) throws IOException, InterruptedException {
        server.spawn(null, "python3", "-c", """
                import socket
                address = '%s'
                s = socket.socket(socket.AF_INET6 if ':' in address else socket.AF_INET, socket.SOCK_DGRAM)
                s.bind((address, %d))
                for _ in range(100):
                    data, peer = s.recvfrom(2048)
                    s.sendto(('%s ' + peer[0]).encode(), peer)
                """.formatted(address, port, name));
        for (int i = 0; i < 100; i++) {
            if (!server.run("ss", "-Hlun", "sport", "=", ":" + port).isBlank()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("UDP server on " + server + " port " + port + " did not start");
    }

    /**
     * Sends {@code count} datagrams from {@code client} to {@code address:port}, waiting up to 2 s
     * for each answer; from one socket, or from a new one (a new flow) each time.
     */
    static List<Reply> ask(Host client, String address, int port, int count, boolean newSocketEach)
            throws IOException {
        String out = client.run("python3", "-c", """
                import socket
                address, port, count, fresh = '%s', %d, %d, %s
                family = socket.AF_INET6 if ':' in address else socket.AF_INET
                s = None
                for i in range(count):
                    if s is None or fresh:
                        s = socket.socket(family, socket.SOCK_DGRAM)
                        s.settimeout(2)
                    s.sendto(b'q', (address, port))
                    try:
                        data, peer = s.recvfrom(2048)
                        print(data.decode(), peer[0], peer[1])
                    except socket.timeout:
                        print('timeout')
                """.formatted(address, port, count, newSocketEach ? "True" : "False"));
        List<Reply> replies = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(" ");
            replies.add(f.length == 4 ? new Reply(f[0], f[1], f[2], Integer.parseInt(f[3])) : Reply.TIMEOUT);
        }
        return replies;
    }
}
