package org.jvs.drbd.nbd;

/**
 * A named device an NBD server offers. Immutable.
 *
 * @param name        the export name clients ask for
 * @param description shown by nbdinfo (may be empty)
 * @param device      the device behind it
 */
public record Export(String name, String description, BlockDevice device) {
}
