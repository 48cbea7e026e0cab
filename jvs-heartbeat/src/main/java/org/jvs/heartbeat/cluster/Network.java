package org.jvs.heartbeat.cluster;

/** Sends a datagram on every configured medium. Called on the conductor thread only. */
public interface Network {

    /** Sends {@code datagram} on every medium; failures are the transport's to count and log. */
    void sendAll(byte[] datagram);
}
