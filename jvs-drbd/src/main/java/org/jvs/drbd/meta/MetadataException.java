package org.jvs.drbd.meta;

/**
 * Metadata that cannot be used as it is: none found, corrupted, too small a device. The message is
 * what drbdmeta would tell the operator; nothing has been written when this is thrown.
 */
public final class MetadataException extends Exception {
    /** A problem described by {@code message}. */
    public MetadataException(String message) {
        super(message);
    }
}
