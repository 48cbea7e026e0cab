package org.jvs.heartbeat.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial's director pair, server1 and server4, as two jvs daemons with a client on one
 * segment: the VIP, ldirectord and a web server move when the active node dies (the client's neighbour entry
 * follows through gratuitous ARP) and come back with auto_failback on.
 */
@Tag("netns")
class TutorialPairNetnsTest {
    private static final String VIP = "10.88.0.100";

    private static final String HTTPD = """
            #!/bin/sh
            # A tiny LSB-style web server script: serves DIR on port 8080.
            PIDFILE=%1$s/httpd.pid
            case "$1" in
              start) cd %1$s/www && nohup python3 -m http.server 8080 >/dev/null 2>&1 &
                     echo $! > $PIDFILE ;;
              stop)  [ -f $PIDFILE ] && kill $(cat $PIDFILE) 2>/dev/null; rm -f $PIDFILE ;;
              status) # A killed server may linger as a zombie where init does not reap: that is stopped too.
                      s=$( [ -f $PIDFILE ] && ps -o stat= -p $(cat $PIDFILE) 2>/dev/null)
                      case "$s" in ""|Z*) echo "httpd is stopped" ;; *) echo "httpd is running" ;; esac ;;
            esac
            exit 0
            """;

    private static LabNode node(Host h, String name, Path dir) throws IOException {
        LabNode n = LabNode.create(h, name, dir.resolve(name), false);
        n.write("ha.cf", """
                keepalive 100ms
                deadtime 500ms
                warntime 300ms
                initdead 2
                udpport 694
                bcast eth0
                auto_failback on
                node server1 server4
                """);
        n.write("authkeys", "auth 1\n1 sha1 key-for-sha1-any-text-you-want\n");
        // The tutorial's director line: IPaddr, jvs's ldirectord (built in), a web server script.
        n.write("ldirectord.cf", """
                checktimeout=1
                checkinterval=1
                quiescent=no
                virtual=%s:8080
                \treal=10.88.0.20:8080 gate
                \tchecktype=off
                """.formatted(VIP));
        n.write("haresources", "server1 IPaddr::" + VIP + "/24/eth0 ldirectord::" + n.conf().resolve("ldirectord.cf")
                + " httpd\n");
        n.script("httpd", HTTPD.formatted(n.dir));
        Files.createDirectories(n.dir.resolve("www"));
        Files.writeString(n.dir.resolve("www/index.html"), name + "\n");
        return n;
    }

    private static String get(Host client) throws IOException {
        return client.tryRun("curl", "-s", "-m", "1", "http://" + VIP + ":8080/").stdout().strip();
    }

    private static String neighbour(Host client) throws IOException {
        return client.run("ip", "neigh", "show", VIP, "dev", "eth0");
    }

    @Test
    void killingTheActiveDirectorMovesVipAndWebServerAndAutoFailbackBringsThemHome(@TempDir Path dir)
            throws Exception {
        assumeTrue(NetLab.available(), "skipped: network namespaces need root");
        try (NetLab lab = NetLab.create("jvshbt")) {
            Segment seg = new Segment(lab);
            Host s1 = seg.attach("server1", "10.88.0.1/24");
            Host s4 = seg.attach("server4", "10.88.0.4/24");
            Host client = seg.attach("client", "10.88.0.10/24");
            LabNode n1 = node(s1, "server1", dir);
            LabNode n4 = node(s4, "server4", dir);
            n1.start();
            n4.start();
            LabNode.await(Duration.ofSeconds(40), "the VIP on server1 serving the page",
                    () -> uncheck(() -> n1.holds(VIP) && get(client).equals("server1")), n1, n4);
            assertThat(neighbour(client)).contains(n1.mac("eth0"));
            assertThat(n1.jvs("status")).contains("Node server4: active").contains("running here");

            // server1 dies: heartbeat killed with -9 and the machine gone from the segment.
            n1.kill9();
            s1.run("ip", "link", "set", "eth0", "down");
            LabNode.await(Duration.ofSeconds(10), "server4 to take the VIP", () -> uncheck(() -> n4.holds(VIP)), n4);
            // The client learns the new MAC from gratuitous ARP, before sending anything itself.
            LabNode.await(Duration.ofSeconds(5), "the client's neighbour entry to point at server4",
                    () -> uncheck(() -> neighbour(client).contains(n4.mac("eth0"))), n4);
            LabNode.await(Duration.ofSeconds(10), "the page from server4",
                    () -> uncheck(() -> get(client).equals("server4")), n4);

            // server1 comes back (after a reboot its VIP is gone); auto_failback on moves the group home.
            s1.run("ip", "addr", "del", VIP + "/24", "dev", "eth0");
            s1.run("ip", "link", "set", "eth0", "up");
            n1.start();
            LabNode.await(Duration.ofSeconds(40), "the group back on server1",
                    () -> uncheck(() -> n1.holds(VIP) && !n4.holds(VIP) && get(client).equals("server1")), n1, n4);
            LabNode.await(Duration.ofSeconds(5), "the neighbour entry back on server1",
                    () -> uncheck(() -> neighbour(client).contains(n1.mac("eth0"))), n1);

            // A graceful stop hands the group over at once.
            assertThat(n1.jvs("stop")).doesNotContain("Exception");
            assertThat(n4.holds(VIP)).isTrue();
            assertThat(n1.holds(VIP)).isFalse();
            n4.jvs("stop");
            assertThat(n4.holds(VIP)).isFalse();
        }
    }

    interface IoSupplier {
        boolean get() throws IOException;
    }

    static boolean uncheck(IoSupplier s) {
        try {
            return s.get();
        } catch (IOException e) {
            return false;
        }
    }
}
