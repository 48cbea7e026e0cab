package org.jvs.ldirectord.check;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP (optionally TLS) connection of one check: every connect, read and write is bounded by the
 * check's {@link Deadline}, and every read by a byte limit, so a server that hangs, trickles or
 * sends gigabytes costs at most the deadline and a bounded buffer. Not thread-safe: one check owns it.
 */
final class Connection implements AutoCloseable {
    /** Longest line a line-based protocol may send before the server is taken for broken. */
    static final int MAX_LINE = 64 * 1024;

    private final Socket socket;
    private final Deadline deadline;
    private final InputStream in;
    private final OutputStream out;

    private Connection(Socket socket, Deadline deadline) throws IOException {
        this.socket = socket;
        this.deadline = deadline;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
    }

    /** Connects within the deadline. */
    static Connection open(InetAddress address, int port, Deadline deadline) throws IOException {
        // No proxy: a plain Socket() asks the proxy selector on every connect, which costs more
        // than the connect itself when thousands of checks run per second.
        Socket s = new Socket(Proxy.NO_PROXY);
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(address, port), deadline.remainingMillis());
            return new Connection(s, deadline);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Connects and, when {@code tls}, completes a TLS handshake, all within the deadline. */
    static Connection open(InetAddress address, int port, boolean tls, Deadline deadline) throws IOException {
        Connection c = open(address, port, deadline);
        return tls ? c.startTls() : c;
    }

    /** This connection's socket wrapped in TLS (the plain connection must not be used afterwards). */
    Connection startTls() throws IOException {
        socket.setSoTimeout(deadline.remainingMillis());
        InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        return new Connection(Tls.wrap(socket, peer.getHostString(), peer.getPort()), deadline);
    }

    /** A line without its CR LF or LF, or null at end of stream before any byte. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = readByte();
            if (b < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    /** One byte, or -1 at end of stream. */
    int readByte() throws IOException {
        socket.setSoTimeout(deadline.remainingMillis());
        return in.read();
    }

    /** Up to {@code len} bytes as they arrive; -1 at end of stream. */
    int read(byte[] buf, int off, int len) throws IOException {
        socket.setSoTimeout(deadline.remainingMillis());
        return in.read(buf, off, len);
    }

    /** Exactly {@code n} bytes. */
    byte[] readExactly(int n) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = read(buf, got, n - got);
            if (r < 0) {
                throw new EOFException("connection closed after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return buf;
    }

    void write(byte[] bytes) throws IOException {
        socket.setSoTimeout(deadline.remainingMillis());
        out.write(bytes);
        out.flush();
    }

    /** Writes text as ISO-8859-1 bytes (protocol commands are ASCII; other bytes pass through). */
    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Half-closes the connection: the server sees end of request. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    InetSocketAddress local() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    InetSocketAddress remote() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing useful can be done about a failing close of a check connection.
        }
    }
}
