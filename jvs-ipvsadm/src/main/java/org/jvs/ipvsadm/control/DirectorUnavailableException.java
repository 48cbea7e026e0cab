package org.jvs.ipvsadm.control;

import java.nio.file.Path;

/**
 * The director could not be reached on its control socket, or the conversation with it broke
 * (connection refused or lost, unintelligible answer). ipvsadm turns it into its
 * "Can't initialize ipvs" message; unchecked because it ends the command wherever it happens.
 */
public final class DirectorUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path socket;

    public DirectorUnavailableException(Path socket, String reason, Throwable cause) {
        super(reason, cause);
        this.socket = socket;
    }

    /** The control socket that was tried. */
    public Path socket() {
        return socket;
    }
}
