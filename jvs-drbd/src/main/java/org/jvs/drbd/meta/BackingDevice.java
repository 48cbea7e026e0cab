package org.jvs.drbd.meta;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lower-level storage of a volume: a plain file or a block device (a loop device) opened for
 * positional reads and writes. Its size is fixed when opened (block devices report theirs through
 * the channel). Thread-safe: positional I/O on one channel. Threads using it must not be
 * interrupted: an interrupt during I/O closes a FileChannel for every user.
 */
public final class BackingDevice implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long size;

    private BackingDevice(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code path} for reading and writing; it must exist. */
    public static BackingDevice open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString(), null, "No such file or directory");
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new BackingDevice(path, ch, ch.size());
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** The file or device. */
    public Path path() {
        return path;
    }

    /** Whether it is a block device (as opposed to a plain file). */
    public boolean isBlockDevice() {
        return !Files.isRegularFile(path);
    }

    /** Size in bytes. */
    public long size() {
        return size;
    }

    /** Reads exactly {@code dst.remaining()} bytes at {@code offset}. */
    public void read(long offset, ByteBuffer dst) throws IOException {
        long pos = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new EOFException(path + ": read beyond the end at " + pos);
            }
            pos += n;
        }
    }

    /** Reads {@code length} bytes at {@code offset}. */
    public byte[] read(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        read(offset, b);
        return b.array();
    }

    /** Writes all of {@code src} at {@code offset}. */
    public void write(long offset, ByteBuffer src) throws IOException {
        long pos = offset;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
    }

    /** Writes {@code data} at {@code offset}. */
    public void write(long offset, byte[] data) throws IOException {
        write(offset, ByteBuffer.wrap(data));
    }

    /** Makes every completed write durable (fdatasync). */
    public void flush() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
