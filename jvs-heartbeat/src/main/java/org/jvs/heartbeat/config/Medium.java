package org.jvs.heartbeat.config;

/**
 * A heartbeat communication medium from ha.cf. UDP port numbers are those in effect when the line
 * was read (heartbeat's {@code udpport} must precede the media lines that use it). Immutable.
 */
public sealed interface Medium {

    /** The interface the medium sends and receives on. */
    String device();

    /** A short human-readable description ("bcast eth0"). */
    String describe();

    /** {@code bcast DEV}: UDP broadcast to the interface's broadcast address. */
    record Broadcast(String device, int port) implements Medium {
        @Override
        public String describe() {
            return "bcast " + device;
        }
    }

    /** {@code mcast DEV GROUP PORT TTL LOOP}: UDP multicast. */
    record Multicast(String device, String group, int port, int ttl, boolean loop) implements Medium {
        @Override
        public String describe() {
            return "mcast " + device + " " + group;
        }
    }

    /** {@code ucast DEV PEER}: UDP unicast to one peer (address or host name). */
    record Unicast(String device, String peer, int port) implements Medium {
        @Override
        public String describe() {
            return "ucast " + device + " " + peer;
        }
    }
}
