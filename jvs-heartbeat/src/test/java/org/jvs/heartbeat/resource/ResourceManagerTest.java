package org.jvs.heartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvs.heartbeat.config.ConfigException;
import org.jvs.heartbeat.config.HaResources;
import org.jvs.heartbeat.config.HaResourcesParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ResourceManager's rules with real shell scripts that record what they were asked to do. */
class ResourceManagerTest {
    @TempDir
    Path dir;
    private Path resourceD;
    private Path initD;
    private Path journal;
    private final List<Long> pauses = new ArrayList<>();
    private final List<String> recovered = new ArrayList<>();
    private final List<String> standbys = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        resourceD = Files.createDirectories(dir.resolve("resource.d"));
        initD = Files.createDirectories(dir.resolve("init.d"));
        journal = dir.resolve("journal");
        Files.createFile(journal);
    }

    /**
     * A script that appends "NAME ARGS ACTION" to the journal, keeps its state in NAME.state, and
     * fails the actions listed in NAME.fail (one word per line: start, stop).
     */
    private void script(Path where, String name) throws IOException {
        Path p = where.resolve(name);
        String state = dir.resolve(name + ".state").toString();
        String fail = dir.resolve(name + ".fail").toString();
        Files.writeString(p, """
                #!/bin/sh
                eval action=\\${$#}
                echo "%1$s $*" >> %2$s
                case $action in
                  start) grep -qx start %4$s 2>/dev/null && exit 1; touch %3$s ;;
                  stop)  grep -qx stop %4$s 2>/dev/null && exit 1; rm -f %3$s ;;
                  status) if [ -e %3$s ]; then echo "%1$s is running"; else echo "%1$s is stopped"; exit 3; fi ;;
                esac
                exit 0
                """.formatted(name, journal, state, fail));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private ResourceManager manager(String... haresources) throws ConfigException {
        HaResources r = new HaResourcesParser().parse(dir.resolve("haresources"), List.of(haresources),
                List.of("server1", "server4"));
        GratuitousArp noArp = new GratuitousArp() {
            @Override
            public void announce(String device, java.net.Inet4Address address, int count, long intervalMs) {
            }

            @Override
            public void cancel(java.net.Inet4Address address) {
            }
        };
        BuiltInServices builtIns = new BuiltInServices(noArp, a -> new CommandRunner.Result(1, "", "no drbd"),
                new ExportedDevices() {
                    @Override
                    public java.util.Optional<Path> attach(String device) {
                        return java.util.Optional.empty();
                    }

                    @Override
                    public void detach(String device) {
                    }
                }, new MountTable(dir.resolve("mounts")), pauses::add, dir);
        AgentFactory agents = new AgentFactory(resourceD, initD, new CommandRunner(Map.of()), builtIns,
                Duration.ofSeconds(10));
        return new ResourceManager(r, "server1", agents, pauses::add, recovered::add,
                (set, delay) -> standbys.add(set + "@" + delay));
    }

    private List<String> journal() throws IOException {
        return Files.readAllLines(journal).stream().filter(l -> !l.endsWith(" status")).toList();
    }

    @Test
    void groupStartsLeftToRightAndStopsRightToLeftWithItsArguments() throws Exception {
        script(resourceD, "disk");
        script(resourceD, "mount");
        script(initD, "mysqld");
        ResourceManager m = manager("server1 disk::demo mount::/dev/drbd1::/var/lib/mysql::ext4 mysqld");
        m.take("disk::demo");
        assertThat(m.isRunning("disk::demo")).isTrue();
        m.give("disk::demo");
        assertThat(journal()).containsExactly(
                "disk demo start",
                "mount /dev/drbd1 /var/lib/mysql ext4 start",
                "mysqld start",
                "mysqld stop",
                "mount /dev/drbd1 /var/lib/mysql ext4 stop",
                "disk demo stop");
        assertThat(m.isRunning("disk::demo")).isFalse();
    }

    @Test
    void resourcesAlreadyRunningAreNotStartedAgain() throws Exception {
        script(resourceD, "webproxy");
        script(initD, "httpd");
        Files.createFile(dir.resolve("webproxy.state"));
        manager("server1 webproxy httpd").take("webproxy");
        assertThat(journal()).containsExactly("httpd start");
    }

    @Test
    void resourceDirectoryWinsOverInitDirectory() throws Exception {
        script(resourceD, "httpd");
        Path init = initD.resolve("httpd");
        Files.writeString(init, "#!/bin/sh\necho init.d >> " + journal + "\n");
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        manager("server1 httpd").take("httpd");
        assertThat(journal()).containsExactly("httpd start");
    }

    @Test
    void failedStartGivesTheWholeGroupUpAndAsksForStandbyLater() throws Exception {
        script(resourceD, "webproxy");
        script(initD, "httpd");
        Files.writeString(dir.resolve("httpd.fail"), "start\n");
        manager("server1 webproxy httpd", "server4 nothing").take("webproxy");
        assertThat(journal()).containsExactly("webproxy start", "httpd start", "httpd stop", "webproxy stop");
        assertThat(standbys).containsExactly("local@30000");
    }

    @Test
    void missingScriptFailsTheStart() throws Exception {
        script(resourceD, "webproxy");
        manager("server1 webproxy nosuchscript").take("webproxy");
        assertThat(journal()).containsExactly("webproxy start", "webproxy stop");
    }

    @Test
    void failedStopIsRetriedTenTimesThenTheMachineMustReboot() throws Exception {
        script(initD, "httpd");
        Files.createFile(dir.resolve("httpd.state"));
        Files.writeString(dir.resolve("httpd.fail"), "stop\n");
        manager("server1 httpd").give("httpd");
        assertThat(journal()).hasSize(1 + ResourceManager.STOP_RETRY_MAX).allMatch(l -> l.equals("httpd stop"));
        assertThat(pauses).hasSize(ResourceManager.STOP_RETRY_MAX).allMatch(ms -> ms == 1000);
        assertThat(recovered).containsExactly("httpd");
    }

    @Test
    void failedStopOfAStoppedResourceOnlyWarns() throws Exception {
        script(initD, "httpd");
        Files.writeString(dir.resolve("httpd.fail"), "stop\n");
        manager("server1 httpd").give("httpd");
        assertThat(recovered).isEmpty();
        assertThat(journal()).hasSize(1 + ResourceManager.STOP_RETRY_MAX);
    }

    @Test
    void aHangingScriptIsKilledAtItsTimeLimit() throws Exception {
        Path p = initD.resolve("hang");
        Files.writeString(p, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        ScriptAgent a = new ScriptAgent(p, List.of(), new CommandRunner(Map.of()), Duration.ofMillis(300));
        assertThat(a.start().exitCode()).isEqualTo(CommandRunner.TIMED_OUT);
    }
}
