package org.jvs.drbd.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jvs.drbd.meta.BackingDevice;

/**
 * A {@link BlockDevice} over the first {@code size} bytes of a backing file or device, with no
 * replication: the NBD server's own tests and the data path of a volume below DRBD's logic.
 * Thread-safe (positional I/O).
 */
public final class FileBlockDevice implements BlockDevice {
    private static final int ZERO_CHUNK = 1 << 20;
    private final BackingDevice backing;
    private final long size;

    /** The first {@code size} bytes of {@code backing}. */
    public FileBlockDevice(BackingDevice backing, long size) {
        if (size > backing.size()) {
            throw new IllegalArgumentException("size " + size + " beyond the backing device's " + backing.size());
        }
        this.backing = backing;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        backing.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        backing.write(offset, src);
        if (fua) {
            backing.flush();
        }
    }

    @Override
    public void flush() throws IOException {
        backing.flush();
    }

    @Override
    public void writeZeroes(long offset, long length, boolean fua) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(length, ZERO_CHUNK));
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(zeros.capacity(), length - done);
            backing.write(offset + done, zeros.clear().limit(n));
            done += n;
        }
        if (fua) {
            backing.flush();
        }
    }
}
