package org.jvs.cli.it;

import java.io.IOException;
import org.jvs.lab.Host;

/**
 * A byte-counting TCP sink on a real server and a client that uploads to it: the server answers
 * how many bytes it received, so an upload through the director is checked to the byte.
 */
final class UploadCounter {
    private UploadCounter() {
    }

    /** Accepts one connection on {@code address:port} (IPv4 or IPv6) of {@code server}, counts, answers the count. */
    static void serve(Host server, String address, int port) throws IOException {
        server.spawn(null, "python3", "-c", """
                import socket
                address = '%s'
                srv = socket.socket(socket.AF_INET6 if ':' in address else socket.AF_INET)
                srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                srv.bind((address, %d))
                srv.listen(1)
                c, _ = srv.accept()
                n = 0
                while True:
                    b = c.recv(1 << 16)
                    if not b:
                        break
                    n += len(b)
                c.sendall(str(n).encode())
                c.close()
                """.formatted(address, port));
    }

    /** Uploads {@code mebibytes} MiB from {@code client} to {@code address:port}; returns what the server counted. */
    static long upload(Host client, String address, int port, int mebibytes) throws IOException {
        return Long.parseLong(client.run("timeout", "90", "python3", "-c", """
                import socket
                s = socket.create_connection(('%s', %d), timeout=30)
                data = bytes(range(256)) * 4096
                for _ in range(%d):
                    s.sendall(data)
                s.shutdown(socket.SHUT_WR)
                print(s.recv(64).decode())
                """.formatted(address, port, mebibytes)).strip());
    }
}
