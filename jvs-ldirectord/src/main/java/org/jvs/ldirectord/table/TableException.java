package org.jvs.ldirectord.table;

/**
 * A table operation the director refused or could not be asked; the message is what ipvsadm prints
 * for it ("Service already exists", "No such destination", ...).
 */
public final class TableException extends Exception {
    private static final long serialVersionUID = 1L;

    public TableException(String message) {
        super(message);
    }

    public TableException(String message, Throwable cause) {
        super(message, cause);
    }
}
