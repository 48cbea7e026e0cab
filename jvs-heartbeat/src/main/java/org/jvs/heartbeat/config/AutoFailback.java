package org.jvs.heartbeat.config;

/**
 * The {@code auto_failback} directive. ON and OFF both run heartbeat's "nice_failback" resource
 * protocol (starting/resource messages, hb_standby); LEGACY runs the old ip-request protocol in
 * which each node always claims its own groups.
 */
public enum AutoFailback {
    /** Groups move back to their preferred node when it returns. */
    ON,
    /** Groups stay where they are until a failure or a manual standby. */
    OFF,
    /** The pre-nice_failback behaviour (heartbeat's default, deprecated with a warning). */
    LEGACY;

    /** Whether heartbeat's nice_failback protocol is in force. */
    public boolean niceFailback() {
        return this != LEGACY;
    }
}
