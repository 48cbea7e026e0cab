package org.jvs.ldirectord.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The http, https and http_proxy negotiate checks, as ldirectord's LWP request: GET (or HEAD) of the
 * target URL with {@code Host:} set to the virtualhost or the real server's address; redirects are
 * followed up to 7 times for GET and HEAD, as LWP does; https skips certificate verification.
 * Up iff the final status is 2xx and the body matches receive (when receive is set). http_proxy sends
 * the absolute request URL to the real server acting as proxy. The whole exchange is bounded by
 * negotiatetimeout; at most {@link #MAX_BODY} bytes of body are read and matched. Stateless.
 */
final class HttpCheck implements Check {
    /** Body bytes read and matched at most; the rest of a longer body is not read. */
    static final int MAX_BODY = 1 << 20;
    private static final int MAX_REDIRECTS = 7;
    private static final int MAX_HEADERS = 200;
    private static final Pattern URL = Pattern.compile("(https?)://(\\[[^\\]]+\\]|[^/:]+)(?::(\\d+))?(/.*)?");
    private static final Pattern STATUS = Pattern.compile("HTTP/\\d+(?:\\.\\d+)?\\s+(\\d{3})\\s*(.*)");

    private final boolean proxy;

    /** @param proxy true for http_proxy: the real server is asked as a proxy */
    HttpCheck(boolean proxy) {
        this.proxy = proxy;
    }

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        Deadline deadline = t.negotiateDeadline();
        String url = t.url();
        String host = proxy ? null : t.check().virtualHost() != null ? t.check().virtualHost() : t.hostText();
        Response r = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            r = fetch(t, url, host, deadline);
            String location = r.location;
            if (!r.redirect() || location == null) {
                break;
            }
            url = resolve(url, location);
            // LWP drops an explicit Host header when it follows a redirect.
            host = null;
        }
        if (r.success() && t.received(r.body())) {
            return CheckResult.up(r.statusLine());
        }
        return CheckResult.down(r.success() ? r.body() : r.statusLine());
    }

    private Response fetch(CheckTarget t, String url, String hostHeader, Deadline deadline) throws IOException {
        Matcher u = URL.matcher(url);
        if (!u.matches()) {
            throw new IOException("unsupported URL " + url);
        }
        boolean tls = u.group(1).equals("https");
        String urlHost = u.group(2);
        int port = u.group(3) != null ? Integer.parseInt(u.group(3)) : tls ? 443 : 80;
        String path = escape(u.group(4) != null ? u.group(4) : "/");
        InetAddress address;
        int connectPort;
        if (proxy) {
            address = t.inet();
            connectPort = t.checkPort();
        } else {
            address = InetAddress.getByName(urlHost.replace("[", "").replace("]", ""));
            connectPort = port;
        }
        String host = hostHeader != null ? hostHeader
                : urlHost + (port == (tls ? 443 : 80) ? "" : ":" + port);
        String target = proxy ? escape(url) : path;
        String method = t.check().httpMethod();
        try (Connection c = Connection.open(address, connectPort, tls && !proxy, deadline)) {
            c.write(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + "User-Agent: ldirectord (jvs; libwww-perl compatible)\r\nConnection: close\r\n\r\n");
            return read(c, method.equals("HEAD"));
        }
    }

    private static Response read(Connection c, boolean head) throws IOException {
        String statusLine = c.readLine();
        if (statusLine == null) {
            throw new IOException("server closed the connection without a response");
        }
        Matcher s = STATUS.matcher(statusLine);
        if (!s.matches()) {
            throw new IOException("bad status line");
        }
        Response r = new Response(Integer.parseInt(s.group(1)), s.group(2));
        long length = -1;
        boolean chunked = false;
        for (int i = 0; ; i++) {
            String h = c.readLine();
            if (h == null || h.isEmpty()) {
                break;
            }
            if (i >= MAX_HEADERS) {
                throw new IOException("too many header lines");
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = parseLength(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "location" -> r.location = value;
                default -> {
                }
            }
        }
        boolean noBody = head || r.code / 100 == 1 || r.code == 204 || r.code == 304;
        if (!noBody) {
            r.body = chunked ? chunkedBody(c) : body(c, length);
        }
        return r;
    }

    private static long parseLength(String value) throws IOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length");
        }
    }

    private static String body(Connection c, long length) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long want = length < 0 ? MAX_BODY : Math.min(length, MAX_BODY);
        copy(c, body, want, length >= 0);
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    private static String chunkedBody(Connection c) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() < MAX_BODY) {
            String size = c.readLine();
            if (size == null) {
                throw new IOException("truncated chunked body");
            }
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size");
            }
            if (n == 0) {
                break;
            }
            copy(c, body, Math.min(n, MAX_BODY - body.size()), true);
            if (body.size() < MAX_BODY) {
                c.readLine();
            }
        }
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    private static void copy(Connection c, ByteArrayOutputStream to, long n, boolean exact) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = c.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                if (exact) {
                    throw new IOException("connection closed inside the body");
                }
                return;
            }
            to.write(buf, 0, r);
            left -= r;
        }
    }

    private static String resolve(String base, String location) {
        try {
            return new URI(escape(base)).resolve(new URI(escape(location))).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return location;
        }
    }

    /** Escapes what may not appear raw in a request target (LWP's URI does the same). */
    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}' || c == '|') {
                b.append('%').append(String.format("%02X", c));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** One HTTP response as far as the check needs it. */
    private static final class Response {
        final int code;
        final String reason;
        String location;
        String body = "";

        Response(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }

        boolean success() {
            return code / 100 == 2;
        }

        boolean redirect() {
            return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
        }

        String body() {
            return body;
        }

        /** LWP's {@code status_line}: "200 OK". */
        String statusLine() {
            return code + (reason.isEmpty() ? "" : " " + reason);
        }
    }
}
