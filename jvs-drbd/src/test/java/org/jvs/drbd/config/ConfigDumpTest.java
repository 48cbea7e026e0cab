package org.jvs.drbd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jvs.drbd.RealTools;
import org.jvs.lab.Shell;

class ConfigDumpTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.Tag("netns")
    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"/conf/tutorial/drbd.conf, elsewhere", "/conf/rich/drbd.conf, alice", "/conf/rich/drbd.conf, carol"})
    void dumpIsByteForByteWhatDrbdadm84Prints(String file, String hostname) throws Exception {
        RealTools.require(RealTools.DRBDADM_84.toString(), "drbd-utils");
        RealTools.requireRoot("a private host name for drbdadm");
        Path conf = ConfigParserTest.resource(file);

        Shell.Result real = RealTools.runAs(hostname, RealTools.DRBDADM_84.toString(), "-c", conf.toString(), "dump");
        String ours = ConfigDump.all(ConfigParser.parse(conf), hostname);

        assertThat(real.exitCode()).as(real.stderr()).isZero();
        assertThat(ours).isEqualTo(real.stdout());
    }

    @Test
    void tutorialDumpShowsTheResourceAsDrbdadm84DoesWithoutTheRealTool() throws Exception {
        DrbdConfig c = ConfigParser.parse(ConfigParserTest.resource("/conf/tutorial/drbd.conf"));

        String dump = ConfigDump.resource(c.resource("demo").orElseThrow(), "server1");

        assertThat(dump).isEqualTo("""
                # resource demo on server1: not ignored, not stacked
                # defined at %s:1
                resource demo {
                    on server1 {
                        device           /dev/drbd1 minor 1;
                        disk             /dev/vdb;
                        meta-disk        internal;
                        address          ipv4 172.25.254.1:7789;
                    }
                    on server4 {
                        device           /dev/drbd1 minor 1;
                        disk             /dev/vdb;
                        meta-disk        internal;
                        address          ipv4 172.25.254.4:7789;
                    }
                    net {
                        verify-alg       sha1;
                    }
                }

                """.formatted(c.resource("demo").orElseThrow().file()));
    }

    @Test
    void dumpReadsBackToTheSameDump() throws Exception {
        DrbdConfig first = ConfigParser.parse(ConfigParserTest.resource("/conf/rich/drbd.conf"));
        String dump = ConfigDump.all(first, "alice");
        Path again = dir.resolve("again.conf");
        Files.writeString(again, dump);

        String redump = ConfigDump.all(ConfigParser.parse(again), "alice");

        assertThat(withoutComments(redump)).isEqualTo(withoutComments(dump));
    }

    private static String withoutComments(String dump) {
        return dump.lines().filter(l -> !l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void valuesWithSpacesOrQuotesAreQuotedAndEscaped() {
        assertThat(ConfigDump.esc("FooFunFactory")).isEqualTo("FooFunFactory");
        assertThat(ConfigDump.esc("/usr/lib/drbd/x.sh root")).isEqualTo("\"/usr/lib/drbd/x.sh root\"");
        assertThat(ConfigDump.esc("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(ConfigDump.esc("")).isEqualTo("\"\"");
    }
}
