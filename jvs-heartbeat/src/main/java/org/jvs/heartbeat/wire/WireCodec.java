package org.jvs.heartbeat.wire;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvs.heartbeat.auth.AuthKey;
import org.jvs.heartbeat.auth.AuthKeys;
import org.jvs.heartbeat.config.MessageFormat;

/**
 * Turns messages into signed datagrams and datagrams back into authentic messages, computing
 * digests exactly as heartbeat does: classic messages carry {@code auth=ID DIGEST} over their other
 * field lines; netstring messages are followed by a netstring {@code ID DIGEST} over the whole
 * payload. Any key id in authkeys is accepted on receive; the {@code auth N} key signs. Hostile input
 * yields a {@link Decoded.Rejected}, never an exception. Immutable and thread-safe (a key reload
 * builds a new codec).
 */
public final class WireCodec {
    /** The largest UDP payload over IPv4; nothing longer can be a heartbeat datagram. */
    public static final int MAX_DATAGRAM = 65507;
    /** Far above any cluster message (heartbeat's own messages have about 15 fields). */
    public static final int MAX_FIELDS = 256;
    /** {@code sscanf("%d %s")} on the authentication string. */
    private static final Pattern AUTH = Pattern.compile("\\s*([+-]?\\d{1,9})\\s+(\\S+).*", Pattern.DOTALL);

    private final AuthKeys keys;

    public WireCodec(AuthKeys keys) {
        this.keys = keys;
    }

    /** The keys this codec signs and verifies with. */
    public AuthKeys keys() {
        return keys;
    }

    /** The signed datagram for {@code m} (whose control fields are already in place). */
    public byte[] encode(Message m, MessageFormat format) {
        AuthKey key = keys.signing();
        if (format == MessageFormat.CLASSIC) {
            byte[] text = ClassicFormat.authenticatedText(m);
            Message signed = m.with(Message.F_AUTH, key.id() + " " + key.digest(text, 0, text.length));
            return ClassicFormat.encode(signed);
        }
        byte[] payload = NetstringFormat.encodePayload(m);
        byte[] auth = NetstringFormat.encodeAuth(key.id() + " " + key.digest(payload, 0, payload.length));
        byte[] out = new byte[payload.length + auth.length];
        System.arraycopy(payload, 0, out, 0, payload.length);
        System.arraycopy(auth, 0, out, payload.length, auth.length);
        return out;
    }

    /** Parses and authenticates {@code buf[off, off+len)}. */
    public Decoded decode(byte[] buf, int off, int len) {
        if (len > MAX_DATAGRAM) {
            return new Decoded.Rejected(Decoded.Reason.OVERSIZED, len + " bytes");
        }
        int end = off + len;
        try {
            if (ByteText.startsWith(buf, off, end, ClassicFormat.START)) {
                Message m = ClassicFormat.decode(buf, off, end, MAX_FIELDS);
                Optional<String> auth = m.get(Message.F_AUTH);
                if (auth.isEmpty()) {
                    return new Decoded.Rejected(Decoded.Reason.NO_AUTH, "no auth field from " + m.source());
                }
                byte[] text = ClassicFormat.authenticatedText(m);
                return verify(auth.get(), text, 0, text.length, m, MessageFormat.CLASSIC);
            }
            if (ByteText.startsWith(buf, off, end, NetstringFormat.START)) {
                NetstringFormat.Parsed p = NetstringFormat.decode(buf, off, end, MAX_FIELDS);
                if (p.auth() == null) {
                    return new Decoded.Rejected(Decoded.Reason.NO_AUTH, "no auth string from " + p.message().source());
                }
                return verify(p.auth(), buf, off, p.payloadEnd() - off, p.message(), MessageFormat.NETSTRING);
            }
            return new Decoded.Rejected(Decoded.Reason.NOT_A_MESSAGE, "no message start marker");
        } catch (Malformed e) {
            return new Decoded.Rejected(e.reason(), e.getMessage());
        }
    }

    private Decoded verify(String authString, byte[] data, int off, int len, Message m, MessageFormat format) {
        Matcher a = AUTH.matcher(authString);
        if (!a.matches()) {
            return new Decoded.Rejected(Decoded.Reason.BAD_AUTH, "Bad/invalid auth token from " + m.source());
        }
        int id = Integer.parseInt(a.group(1));
        Optional<AuthKey> key = keys.byId(id);
        if (key.isEmpty()) {
            return new Decoded.Rejected(Decoded.Reason.UNKNOWN_KEY,
                    "Invalid authentication type [" + id + "] in message from " + m.source());
        }
        if (!key.get().digest(data, off, len).equals(a.group(2))) {
            return new Decoded.Rejected(Decoded.Reason.BAD_AUTH, "node [" + m.source() + "] failed authentication");
        }
        return new Decoded.Accepted(m, format);
    }
}
