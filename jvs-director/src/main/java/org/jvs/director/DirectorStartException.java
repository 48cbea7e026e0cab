package org.jvs.director;

/** A director could not start; the message says why in an operator's words. */
public final class DirectorStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public DirectorStartException(String message) {
        super(message);
    }

    public DirectorStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
