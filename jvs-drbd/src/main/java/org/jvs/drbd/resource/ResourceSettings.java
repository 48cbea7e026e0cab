package org.jvs.drbd.resource;

import java.util.List;
import java.util.Optional;
import org.jvs.drbd.config.Address;
import org.jvs.drbd.config.ConfigException;
import org.jvs.drbd.config.HostSection;
import org.jvs.drbd.config.Options;
import org.jvs.drbd.config.ResourceConfig;
import org.jvs.drbd.config.Section;
import org.jvs.drbd.config.Units;
import org.jvs.drbd.config.VolumeConfig;
import org.jvs.drbd.replication.Digests;
import org.jvs.drbd.replication.PeerAuth;
import org.jvs.drbd.replication.SyncHandshake;

/**
 * Everything a node needs to run one resource, taken from its configuration once and checked
 * before anything starts: this host's and the peer's sections, the replication protocol, peer
 * authentication, split-brain policies, digests, timeouts, resync rate control and disk options,
 * with DRBD's defaults for what is not written. Times in milliseconds, rates in KiB/s. Immutable.
 */
public record ResourceSettings(String name, String hostname, HostSection me, HostSection peer, char protocol,
                               Optional<String> cramHmacAlg, String sharedSecret, SyncHandshake.Policies policies,
                               boolean allowTwoPrimaries, Optional<String> verifyAlg, Optional<String> csumsAlg,
                               long connectIntMs, long pingIntMs, long pingTimeoutMs, long timeoutMs,
                               int maxBuffers, long resyncRateKiB, int cPlanAhead, long cFillTargetSect,
                               int cDelayTarget, long cMaxRateKiB, int alExtents, String onIoError,
                               boolean diskFlushes) {

    /** The volumes of this host. */
    public List<VolumeConfig> volumes() {
        return me.volumes();
    }

    /** This node's replication address. */
    public Address address() {
        return me.address();
    }

    /** The peer's host name as status prints it. */
    public String peerName() {
        return peer.names().getFirst();
    }

    /**
     * Whether this node dials the peer (the lower address does; the other listens), so exactly one
     * connection attempt runs and the dialer breaks handshake ties ("resolve conflicts").
     */
    public boolean dialer() {
        return me.address().hostPort().compareTo(peer.address().hostPort()) < 0;
    }

    /**
     * The settings of {@code r} on {@code hostname}.
     *
     * @throws ConfigException when the host is not in the resource or an option is unusable here
     */
    public static ResourceSettings of(ResourceConfig r, String hostname) throws ConfigException {
        HostSection me = r.host(hostname).orElseThrow(
                () -> new ConfigException("'" + r.name() + "' not defined in your config (for this host)."));
        HostSection peer = r.peer(hostname).orElseThrow(
                () -> new ConfigException(r.file(), r.line(), "in resource " + r.name() + ": no peer host section"));
        Options net = r.effective(Section.NET);
        Options disk = r.effective(Section.DISK);
        Optional<String> cram = net.get("cram-hmac-alg");
        if (cram.isPresent() && PeerAuth.macName(cram.get()).isEmpty()) {
            throw new ConfigException(r.file(), r.line(), "in resource " + r.name() + ": cram-hmac-alg " + cram.get()
                    + " not supported (sha1, sha256, sha512, md5)");
        }
        String secret = net.get("shared-secret").orElse("");
        if (secret.length() > PeerAuth.SECRET_MAX) {
            throw new ConfigException(r.file(), r.line(), "in resource " + r.name() + ": shared-secret longer than "
                    + PeerAuth.SECRET_MAX + " characters");
        }
        Optional<String> verify = net.get("verify-alg");
        Optional<String> csums = net.get("csums-alg");
        for (Optional<String> alg : List.of(verify, csums)) {
            if (alg.isPresent() && !Digests.supported(alg.get())) {
                throw new ConfigException(r.file(), r.line(), "in resource " + r.name() + ": digest " + alg.get()
                        + " not supported (sha1, sha256, sha512, md5, crc32c, crc32)");
            }
        }
        SyncHandshake.Policies policies = new SyncHandshake.Policies(net.get("after-sb-0pri").orElse("disconnect"),
                net.get("after-sb-1pri").orElse("disconnect"), net.get("after-sb-2pri").orElse("disconnect"),
                net.get("always-asbp").orElse("no").equals("yes"), net.get("rr-conflict").orElse("disconnect"));
        return new ResourceSettings(r.name(), hostname, me, peer, net.get("protocol").orElse("C").charAt(0), cram, secret,
                policies, net.get("allow-two-primaries").orElse("no").equals("yes"), verify, csums,
                number(net, "connect-int", '1', 10) * 1000, number(net, "ping-int", '1', 10) * 1000,
                number(net, "ping-timeout", '1', 5) * 100, number(net, "timeout", '1', 60) * 100,
                (int) number(net, "max-buffers", '1', 2048), number(disk, "resync-rate", 'k', 250),
                (int) number(disk, "c-plan-ahead", '1', 20), number(disk, "c-fill-target", 's', 100),
                (int) number(disk, "c-delay-target", '1', 10), number(disk, "c-max-rate", 'k', 102400),
                Math.clamp(number(disk, "al-extents", '1', 1237), 67, 6433), disk.get("on-io-error").orElse("detach"),
                !disk.get("disk-flushes").orElse("yes").equals("no"));
    }

    private static long number(Options o, String name, char scale, long fallback) {
        return o.get(name).map(v -> Units.bytes(v, scale) / switch (scale) {
            case 'k' -> 1024;
            case 's' -> 512;
            default -> 1;
        }).orElse(fallback);
    }
}
