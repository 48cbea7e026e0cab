package org.jvs.netio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("netns")
class NetNamespaceTest {

    private static String currentNamespace() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    @Test
    void tasksRunInsideTheNamespaceAndTheCallerStaysOutside() throws IOException {
        assumeTrue(NetLab.available(), "skipped: entering network namespaces needs root");
        try (NetLab lab = NetLab.create("jvsns")) {
            Host host = lab.host("a");
            String expected = host.run("readlink", "/proc/self/ns/net").strip();
            String mine = currentNamespace();
            assertThat(expected).isNotEqualTo(mine);

            NetNamespace ns = NetNamespace.named(host.namespace());
            assertThat(ns.call(NetNamespaceTest::currentNamespace)).isEqualTo(expected);
            assertThat(currentNamespace()).isEqualTo(mine);
            // Only lo exists there, with the index the kernel gives a fresh namespace's loopback.
            assertThat(ns.call(() -> NetInterface.index("lo"))).isEqualTo(1);

            AtomicReference<String> seen = new AtomicReference<>();
            Thread t = ns.start("jvs-test-agent", () -> {
                try {
                    seen.set(currentNamespace());
                } catch (IOException e) {
                    seen.set(e.toString());
                }
            });
            join(t);
            assertThat(seen.get()).isEqualTo(expected);
        }
    }

    @Test
    void exceptionsOfTheTaskReachTheCaller() throws IOException {
        assumeTrue(NetLab.available(), "skipped: entering network namespaces needs root");
        try (NetLab lab = NetLab.create("jvsns")) {
            NetNamespace ns = NetNamespace.named(lab.host("b").namespace());
            IOException io = new IOException("inside");
            assertThatThrownBy(() -> ns.call(() -> {
                throw io;
            })).isSameAs(io);
            IllegalStateException unchecked = new IllegalStateException("boom");
            assertThatThrownBy(() -> ns.run(() -> {
                throw unchecked;
            })).isSameAs(unchecked);
        }
    }

    @Test
    void unknownNamespaceIsEnoent() {
        assumeTrue(NetLab.available(), "skipped: entering network namespaces needs root");
        NetNamespace missing = NetNamespace.named("jvs-no-such-namespace-" + ProcessHandle.current().pid());
        assertThatThrownBy(() -> missing.call(() -> 1))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.operation()).isEqualTo("open " + missing.path());
                });
        assertThatThrownBy(() -> missing.start("never", () -> { }))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> NetNamespace.named("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(t.isAlive()).isFalse();
    }
}
