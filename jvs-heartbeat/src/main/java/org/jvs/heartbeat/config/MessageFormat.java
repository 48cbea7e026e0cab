package org.jvs.heartbeat.config;

/** The {@code msgfmt} directive: how messages are framed on the wire. */
public enum MessageFormat {
    /** {@code >>>} name=value lines {@code <<<} with an {@code auth} field (heartbeat's default). */
    CLASSIC,
    /** {@code ###} netstrings {@code %%%} followed by a netstring authentication string. */
    NETSTRING
}
