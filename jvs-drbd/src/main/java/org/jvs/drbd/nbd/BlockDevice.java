package org.jvs.drbd.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * What an NBD export serves: a device of fixed size that reads, writes, flushes and discards.
 * Offsets and lengths are bytes and already checked against {@link #size()} by the server.
 * Implementations must be thread-safe: many requests of many connections run at once, and a
 * flush must cover every write completed before it on any connection.
 */
public interface BlockDevice {
    /** Size in bytes. */
    long size();

    /** Why no client may use the device now (e.g. "not Primary"), or empty when it may. */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /** Whether writes are refused. */
    default boolean readOnly() {
        return false;
    }

    /** Fills {@code dst} from {@code offset}. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes {@code src} at {@code offset}; with {@code fua} durable before returning. */
    void write(long offset, ByteBuffer src, boolean fua) throws IOException;

    /** Makes every completed write durable. */
    void flush() throws IOException;

    /** Zeroes {@code length} bytes at {@code offset} (with {@code fua} durable before returning). */
    void writeZeroes(long offset, long length, boolean fua) throws IOException;

    /** A hint that {@code length} bytes at {@code offset} are no longer needed; may do nothing. */
    default void trim(long offset, long length, boolean fua) throws IOException {
        if (fua) {
            flush();
        }
    }
}
