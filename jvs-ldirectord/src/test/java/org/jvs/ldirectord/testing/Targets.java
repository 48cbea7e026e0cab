package org.jvs.ldirectord.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.jvs.ldirectord.check.CheckTarget;
import org.jvs.ldirectord.config.ConfigParser;
import org.jvs.ldirectord.config.SystemNameResolver;
import org.jvs.ldirectord.config.VirtualServiceConfig;

/** Check targets built the way the daemon builds them: from ldirectord.cf text. */
public final class Targets {
    /** The timeouts of check tests: long enough for loopback on a busy machine, short enough to keep suites fast. */
    public static final Duration TIMEOUT = Duration.ofMillis(1500);
    /** The timeouts of TLS checks: the first handshake of a JVM warms up its crypto. */
    public static final Duration TLS_TIMEOUT = Duration.ofSeconds(10);

    private Targets() {
    }

    /** The first real server of a virtual 127.0.0.1:port with the given block lines. */
    public static CheckTarget of(int port, String blockLines) throws Exception {
        String text = "virtual=127.0.0.1:" + port + "\n\treal=127.0.0.1:" + port + " masq\n"
                + blockLines.lines().map(l -> "\t" + l + "\n").reduce("", String::concat);
        VirtualServiceConfig v = new ConfigParser(SystemNameResolver.standard(), "director1", true)
                .parse(Path.of("test.cf"), text).virtuals().getFirst();
        return CheckTarget.of(v, v.reals().getFirst()).withTimeouts(TIMEOUT, TIMEOUT);
    }

    /** Like {@link #of}, with the timeouts of TLS checks. */
    public static CheckTarget tls(int port, String blockLines) throws Exception {
        return of(port, blockLines).withTimeouts(TLS_TIMEOUT, TLS_TIMEOUT);
    }
}
