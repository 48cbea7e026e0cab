package org.jvs.heartbeat.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The two values a node keeps across restarts, in heartbeat's file formats: {@code hb_generation}
 * (the generation as 15 right-aligned decimal digits and a newline, incremented and synced on every
 * start so peers can tell a restart from a replay) and {@code hb_uuid} (16 raw bytes). Not
 * thread-safe; used once at start-up.
 */
public final class NodeIdentityStore {
    private static final int GENLEN = 16;
    private final Path directory;

    /** @param directory where the files live (under the run directory) */
    public NodeIdentityStore(Path directory) {
        this.directory = directory;
    }

    /**
     * The generation for this run: the stored one plus one, or, when there is none (or it is
     * unreadable), the wall-clock seconds plus one, as heartbeat's {@code hbgenmethod file} starts.
     */
    public long nextGeneration(long wallClockSeconds) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("hb_generation");
        long previous;
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            previous = text.matches("[0-9]{1,18}") ? Long.parseLong(text) : wallClockSeconds;
        } catch (NoSuchFileException e) {
            previous = wallClockSeconds;
        }
        long next = previous + 1;
        String line = String.format("%" + (GENLEN - 1) + "d\n", next);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
            // A generation that goes backwards after a crash would make peers drop us as a replay.
            ch.force(true);
        }
        return next;
    }

    /** This node's UUID, created (random, version 4) on first use. */
    public byte[] uuid() throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("hb_uuid");
        if (Files.exists(file)) {
            byte[] b = Files.readAllBytes(file);
            if (b.length == 16) {
                return b;
            }
        }
        UUID u = UUID.randomUUID();
        ByteBuffer bb = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        byte[] b = bb.array();
        Files.write(file, b);
        return b;
    }
}
