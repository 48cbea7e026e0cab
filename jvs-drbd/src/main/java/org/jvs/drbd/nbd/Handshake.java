package org.jvs.drbd.nbd;

import static org.jvs.drbd.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The fixed-newstyle handshake of one connection: greeting, client flags, then options until the
 * client picks an export (EXPORT_NAME or GO) or leaves (ABORT, or closing). Supports INFO, GO,
 * LIST, ABORT, EXPORT_NAME, STRUCTURED_REPLY and the base:allocation metadata context; every other
 * option gets ERR_UNSUP and the haggling goes on. Not thread-safe; one per connection.
 */
final class Handshake {
    /** Option data larger than this is not read but refused and the connection closed. */
    private static final int MAX_OPTION_DATA = 64 * 1024;

    /** What the haggling settled on. */
    record Result(Export export, int transmissionFlags, boolean structuredReplies, boolean baseAllocation) {
    }

    private final Wire wire;
    private final Function<String, Optional<Export>> exports;
    private final List<Export> listed;
    private boolean noZeroes;
    private boolean structured;
    private boolean baseAllocation;

    Handshake(Wire wire, Function<String, Optional<Export>> exports, List<Export> listed) {
        this.wire = wire;
        this.exports = exports;
        this.listed = listed;
    }

    /** Runs the handshake; empty when the client aborted or must be dropped. */
    Optional<Result> run() throws IOException {
        wire.write(ByteBuffer.allocate(18).putLong(NBDMAGIC).putLong(IHAVEOPT)
                .putShort((short) (FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES)).flip());
        int clientFlags = wire.read(4).getInt();
        if ((clientFlags & ~(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES)) != 0) {
            return Optional.empty();
        }
        noZeroes = (clientFlags & FLAG_NO_ZEROES) != 0;
        while (true) {
            ByteBuffer h = wire.read(16);
            if (h.getLong() != IHAVEOPT) {
                return Optional.empty();
            }
            int option = h.getInt();
            int length = h.getInt();
            if (length < 0 || length > MAX_OPTION_DATA) {
                reply(option, REP_ERR_TOO_BIG, "option data too large");
                return Optional.empty();
            }
            ByteBuffer data = wire.read(length);
            Optional<Result> chosen = option(option, data);
            if (chosen == null) {
                return Optional.empty();
            }
            if (chosen.isPresent()) {
                return chosen;
            }
        }
    }

    /** Handles one option: a result to enter transmission, empty to continue, null to close. */
    private Optional<Result> option(int option, ByteBuffer data) throws IOException {
        switch (option) {
            case OPT_EXPORT_NAME -> {
                Optional<Export> e = exports.apply(utf8(data, data.remaining()));
                if (e.isEmpty() || e.get().device().unavailable().isPresent()) {
                    return null;
                }
                int flags = transmissionFlags(e.get());
                ByteBuffer b = ByteBuffer.allocate(noZeroes ? 10 : 134).putLong(e.get().device().size())
                        .putShort((short) flags);
                wire.write(b.position(b.capacity()).flip());
                return Optional.of(new Result(e.get(), flags, false, false));
            }
            case OPT_ABORT -> {
                reply(option, REP_ACK, ByteBuffer.allocate(0));
                return null;
            }
            case OPT_LIST -> {
                if (data.hasRemaining()) {
                    reply(option, REP_ERR_INVALID, "LIST takes no data");
                    return Optional.empty();
                }
                for (Export e : listed) {
                    byte[] n = e.name().getBytes(StandardCharsets.UTF_8);
                    reply(option, REP_SERVER, ByteBuffer.allocate(4 + n.length).putInt(n.length).put(n).flip());
                }
                reply(option, REP_ACK, ByteBuffer.allocate(0));
                return Optional.empty();
            }
            case OPT_INFO, OPT_GO -> {
                return infoOrGo(option, data);
            }
            case OPT_STRUCTURED_REPLY -> {
                if (data.hasRemaining()) {
                    reply(option, REP_ERR_INVALID, "STRUCTURED_REPLY takes no data");
                } else {
                    structured = true;
                    reply(option, REP_ACK, ByteBuffer.allocate(0));
                }
                return Optional.empty();
            }
            case OPT_LIST_META_CONTEXT, OPT_SET_META_CONTEXT -> {
                metaContext(option, data);
                return Optional.empty();
            }
            default -> {
                reply(option, REP_ERR_UNSUP, "option " + option + " not supported");
                return Optional.empty();
            }
        }
    }

    private Optional<Result> infoOrGo(int option, ByteBuffer data) throws IOException {
        if (data.remaining() < 6) {
            reply(option, REP_ERR_INVALID, "short option data");
            return Optional.empty();
        }
        int nameLength = data.getInt();
        if (nameLength < 0 || nameLength > data.remaining() - 2) {
            reply(option, REP_ERR_INVALID, "bad export name length");
            return Optional.empty();
        }
        String name = utf8(data, nameLength);
        int requests = data.getShort() & 0xffff;
        if (data.remaining() != 2 * requests) {
            reply(option, REP_ERR_INVALID, "bad information request count");
            return Optional.empty();
        }
        List<Integer> wanted = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            wanted.add(data.getShort() & 0xffff);
        }
        Optional<Export> found = exports.apply(name);
        if (found.isEmpty()) {
            reply(option, REP_ERR_UNKNOWN, "no export named '" + name + "'");
            return Optional.empty();
        }
        Export e = found.get();
        Optional<String> refused = e.device().unavailable();
        if (refused.isPresent()) {
            reply(option, REP_ERR_POLICY, refused.get());
            return Optional.empty();
        }
        int flags = transmissionFlags(e);
        reply(option, REP_INFO, ByteBuffer.allocate(12).putShort((short) INFO_EXPORT).putLong(e.device().size())
                .putShort((short) flags).flip());
        if (wanted.contains(INFO_NAME)) {
            byte[] n = e.name().getBytes(StandardCharsets.UTF_8);
            reply(option, REP_INFO, ByteBuffer.allocate(2 + n.length).putShort((short) INFO_NAME).put(n).flip());
        }
        if (wanted.contains(INFO_DESCRIPTION) && !e.description().isEmpty()) {
            byte[] d = e.description().getBytes(StandardCharsets.UTF_8);
            reply(option, REP_INFO, ByteBuffer.allocate(2 + d.length).putShort((short) INFO_DESCRIPTION).put(d).flip());
        }
        reply(option, REP_INFO, ByteBuffer.allocate(14).putShort((short) INFO_BLOCK_SIZE).putInt(1)
                .putInt(PREFERRED_BLOCK).putInt(MAX_PAYLOAD).flip());
        reply(option, REP_ACK, ByteBuffer.allocate(0));
        if (option == OPT_GO) {
            return Optional.of(new Result(e, flags, structured, baseAllocation));
        }
        return Optional.empty();
    }

    private void metaContext(int option, ByteBuffer data) throws IOException {
        if (option == OPT_SET_META_CONTEXT && !structured) {
            reply(option, REP_ERR_INVALID, "structured replies not negotiated");
            return;
        }
        try {
            int nameLength = data.getInt();
            if (nameLength < 0 || nameLength > data.remaining()) {
                throw new java.nio.BufferUnderflowException();
            }
            utf8(data, nameLength);
            int queries = data.getInt();
            List<String> asked = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                int len = data.getInt();
                if (len < 0 || len > data.remaining()) {
                    throw new java.nio.BufferUnderflowException();
                }
                asked.add(utf8(data, len));
            }
            if (data.hasRemaining()) {
                throw new java.nio.BufferUnderflowException();
            }
            boolean match = asked.isEmpty() && option == OPT_LIST_META_CONTEXT
                    || asked.stream().anyMatch(q -> q.equals(BASE_ALLOCATION) || q.equals("base:"));
            if (option == OPT_SET_META_CONTEXT) {
                baseAllocation = asked.contains(BASE_ALLOCATION);
            }
            if (match && (option == OPT_LIST_META_CONTEXT || baseAllocation)) {
                byte[] n = BASE_ALLOCATION.getBytes(StandardCharsets.UTF_8);
                reply(option, REP_META_CONTEXT, ByteBuffer.allocate(4 + n.length).putInt(0).put(n).flip());
            }
            reply(option, REP_ACK, ByteBuffer.allocate(0));
        } catch (java.nio.BufferUnderflowException e) {
            reply(option, REP_ERR_INVALID, "malformed metadata context request");
        }
    }

    /**
     * The flags this server offers for {@code e}. Every connection shares one device and flush
     * covers all of them, so multi-conn is safe; DF only exists with structured replies.
     */
    private int transmissionFlags(Export e) {
        int f = TF_HAS_FLAGS | TF_SEND_FLUSH | TF_SEND_FUA | TF_SEND_TRIM | TF_SEND_WRITE_ZEROES | TF_CAN_MULTI_CONN;
        if (structured) {
            f |= TF_SEND_DF;
        }
        return e.device().readOnly() ? f | TF_READ_ONLY : f;
    }

    private void reply(int option, int type, String message) throws IOException {
        reply(option, type, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
    }

    private void reply(int option, int type, ByteBuffer data) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(20).putLong(OPT_REPLY_MAGIC).putInt(option).putInt(type)
                .putInt(data.remaining()).flip();
        wire.write(h, data);
    }

    private static String utf8(ByteBuffer b, int n) {
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
