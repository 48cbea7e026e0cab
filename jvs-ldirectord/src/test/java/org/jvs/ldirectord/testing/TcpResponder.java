package org.jvs.ldirectord.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A real TCP server on 127.0.0.1 (an ephemeral port) whose conversation is written in the test:
 * each accepted connection runs the handler on a virtual thread. Closing stops accepting.
 */
public final class TcpResponder implements AutoCloseable {
    private final ServerSocket server;

    /** One side of a test conversation. */
    public interface Handler {
        void handle(Peer peer) throws Exception;
    }

    /** The server's end of one connection, with line helpers for text protocols. */
    public static final class Peer {
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** A line without CR LF, or null at end of stream. */
        public String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                b.write(c);
            }
            if (c < 0 && b.size() == 0) {
                return null;
            }
            String s = b.toString(StandardCharsets.ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        public byte[] read(int n) throws IOException {
            return in.readNBytes(n);
        }

        public byte[] readAll() throws IOException {
            return in.readAllBytes();
        }

        public void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }

    public TcpResponder(Handler handler) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            handler.handle(new Peer(s));
                        } catch (Exception e) {
                            // The client under test may hang up at any point.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
