package org.jvs.drbd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigParserTest.class.getResource(name).toURI());
    }

    @Test
    void tutorialDemoResourceParsesAsWritten() throws Exception {
        DrbdConfig c = ConfigParser.parse(resource("/conf/tutorial/drbd.conf"));

        ResourceConfig demo = c.resource("demo").orElseThrow();
        assertThat(demo.hosts()).extracting(h -> h.names().getFirst()).containsExactly("server1", "server4");
        HostSection s1 = demo.host("server1").orElseThrow();
        assertThat(s1.address()).isEqualTo(new Address("ipv4", "172.25.254.1", 7789));
        VolumeConfig v = s1.volumes().getFirst();
        assertThat(v.number()).isZero();
        assertThat(v.devicePath()).isEqualTo("/dev/drbd1");
        assertThat(v.minor()).isEqualTo(1);
        assertThat(v.disk()).isEqualTo("/dev/vdb");
        assertThat(v.internalMetadata()).isTrue();
        assertThat(demo.peer("server1").orElseThrow().address().host()).isEqualTo("172.25.254.4");
        // syncer { verify-alg } moved to net, as drbdadm 8.4 does
        assertThat(demo.own(Section.NET).get("verify-alg")).contains("sha1");
        assertThat(demo.effective(Section.NET).get("protocol")).contains("C");
        assertThat(demo.effective(Section.NET).get("shared-secret")).contains("FooFunFactory");
        assertThat(demo.effective(Section.DISK).get("resync-rate")).contains("40M");
        assertThat(demo.file()).endsWith("drbd.d/demo.res");
        assertThat(demo.line()).isEqualTo(1);
    }

    @Test
    void resourceOptionsOverrideCommonOnesOfTheSameName() throws Exception {
        Path f = write("drbd.conf", """
                common { net { protocol C; verify-alg md5; } disk { resync-rate 10M; } }
                resource r { net { protocol A; }
                  on a { device /dev/drbd0; disk /x; meta-disk internal; address 10.0.0.1:7788; }
                  on b { device /dev/drbd0; disk /x; meta-disk internal; address 10.0.0.2:7788; } }
                """);
        ResourceConfig r = ConfigParser.parse(f).resource("r").orElseThrow();

        assertThat(r.effective(Section.NET).get("protocol")).contains("A");
        assertThat(r.effective(Section.NET).get("verify-alg")).contains("md5");
        assertThat(r.effective(Section.DISK).get("resync-rate")).contains("10M");
        assertThat(r.own(Section.NET).get("verify-alg")).isEmpty();
    }

    @Test
    void volumesGivenAtResourceLevelApplyToEveryHost() throws Exception {
        Path f = write("drbd.conf", """
                resource r {
                  volume 0 { device minor 3; disk /dev/sdd; meta-disk /dev/sde[2]; }
                  volume 1 { device /dev/drbd4; disk /dev/sdf; meta-disk internal; }
                  on a { address 10.0.0.1:7788; volume 1 { disk /dev/other; } }
                  on b { address 10.0.0.2:7788; }
                }
                """);
        ResourceConfig r = ConfigParser.parse(f).resource("r").orElseThrow();

        HostSection a = r.host("a").orElseThrow();
        assertThat(a.volumes()).extracting(VolumeConfig::number).containsExactly(0, 1);
        assertThat(a.volumes().get(0).metaIndex()).isEqualTo("2");
        assertThat(a.volumes().get(0).device()).isEqualTo(Optional.empty());
        assertThat(a.volumes().get(1).disk()).isEqualTo("/dev/other");
        assertThat(r.host("b").orElseThrow().volumes().get(1).disk()).isEqualTo("/dev/sdf");
    }

    @Test
    void includePatternIsExpandedRelativeToTheIncludingFileInSortedOrder() throws Exception {
        Files.createDirectories(dir.resolve("d"));
        write("d/b.res", host("rb", 2));
        write("d/a.res", host("ra", 1));
        write("d/notes.txt", "this is not read");
        Path top = write("drbd.conf", "include \"d/*.res\";\n");

        DrbdConfig c = ConfigParser.parse(top);

        assertThat(c.resources()).extracting(ResourceConfig::name).containsExactly("ra", "rb");
    }

    @Test
    void includeWithoutWildcardOfAMissingFileIsAnError() throws Exception {
        Path top = write("drbd.conf", "\ninclude \"nothere.conf\";\n");

        assertThatThrownBy(() -> ConfigParser.parse(top)).isInstanceOf(ConfigException.class)
                .hasMessage(top + ":2: Failed to open include file 'nothere.conf'.");
    }

    @Test
    void includeOfAnEmptyGlobIsNotAnError() throws Exception {
        Path top = write("drbd.conf", "include \"drbd.d/*.res\";\n");

        assertThat(ConfigParser.parse(top).resources()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknownOption      | net { bogus-opt 1; }        | 2: Parse error: 'an option keyword' expected,\\n\\tbut got 'bogus-opt'
            optionInWrongPlace | disk { protocol C; }        | 2: Parse error: 'an option keyword' expected,\\n\\tbut got 'protocol'
            badProtocol        | net { protocol D; }         | 2: unknown protocol 'D', should be one of A,B,C
            rateOutOfRange     | disk { resync-rate 10G; }   | 2: resync-rate 10G => 10485760k out of range [1..4194304]k.
            notANumber         | disk { c-max-rate 12X; }    | 2: 12X is not a valid number
            badPolicy          | net { after-sb-0pri maybe; } | 2: unknown value 'maybe' for after-sb-0pri, should be one of disconnect, discard-younger-primary, discard-older-primary, discard-zero-changes, discard-least-changes, discard-local, discard-remote
            missingSemicolon   | net { protocol C }          | 2: Parse error: ';' expected,\\n\\tbut got '}'
            """)
    void optionErrorsNameFileAndLine(String name, String section, String message) throws Exception {
        Path f = write(name + ".conf", "resource r {\n  " + section + "\n"
                + "  on a { device /dev/drbd0; disk /x; meta-disk internal; address 10.0.0.1:7788; }\n}\n");

        assertThatThrownBy(() -> ConfigParser.parse(f)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ":" + message.replace("\\n", "\n").replace("\\t", "\t"));
    }

    @Test
    void hostWithoutDeviceIsReportedAtItsOnLine() throws Exception {
        Path f = write("drbd.conf", """
                resource r {
                  on a { device /dev/drbd0; disk /x; meta-disk internal; address 10.0.0.1:7788; }
                  on b { disk /x; meta-disk internal; address 10.0.0.2:7788; }
                }
                """);

        assertThatThrownBy(() -> ConfigParser.parse(f))
                .hasMessage(f + ":3: in resource r, on b { ... }: 'device' keyword missing.");
    }

    @Test
    void sameAddressTwiceIsRefusedWithBothPlaces() throws Exception {
        Path f = write("drbd.conf", """
                resource r {
                  on a { device /dev/drbd0; disk /x; meta-disk internal; address 10.0.0.1:7788; }
                  on b { device /dev/drbd0; disk /x; meta-disk internal; address 10.0.0.1:7788; }
                }
                """);

        assertThatThrownBy(() -> ConfigParser.parse(f)).hasMessage(f + ":3: conflicting use of IP '10.0.0.1:7788' ...\n"
                + f + ":2: IP '10.0.0.1:7788' first used here.");
    }

    @Test
    void unterminatedResourceIsAParseErrorAtTheEnd() throws Exception {
        Path f = write("drbd.conf", "resource r {\n  on a { device /dev/drbd0; disk /x; meta-disk internal;\n");

        assertThatThrownBy(() -> ConfigParser.parse(f)).hasMessage(f + ":3: Parse error: "
                + "'disk | device | address | meta-disk | flexible-meta-disk' expected,\n\tbut got ''");
    }

    @Test
    void duplicateResourceNameIsRefused() throws Exception {
        Path f = write("drbd.conf", host("r", 1) + host("r", 2));

        assertThatThrownBy(() -> ConfigParser.parse(f)).hasMessageContaining("conflicting use of resource name 'r'");
    }

    @Test
    void flagsTakeYesNoOrNothingAndOldNoFormsAreNormalised() throws Exception {
        Path f = write("drbd.conf", """
                resource r { net { allow-two-primaries; tcp-cork no; } disk { no-disk-flushes; al-updates yes; }
                  on a { device /dev/drbd0; disk /x; meta-disk internal; address 10.0.0.1:7788; } }
                """);
        ResourceConfig r = ConfigParser.parse(f).resource("r").orElseThrow();

        assertThat(r.own(Section.NET).list()).containsExactly(new Options.Option("allow-two-primaries", "yes"),
                new Options.Option("tcp-cork", "no"));
        assertThat(r.own(Section.DISK).get("disk-flushes")).contains("no");
        assertThat(r.own(Section.DISK).get("al-updates")).contains("yes");
    }

    @Test
    void syncerRateIsTheOldNameOfResyncRate() throws Exception {
        Path f = write("drbd.conf", """
                resource r { syncer { rate 33M; al-extents 257; csums-alg md5; }
                  on a { device /dev/drbd0; disk /x; meta-disk internal; address 10.0.0.1:7788; } }
                """);
        ResourceConfig r = ConfigParser.parse(f).resource("r").orElseThrow();

        assertThat(r.own(Section.DISK).list()).containsExactly(new Options.Option("resync-rate", "33M"),
                new Options.Option("al-extents", "257"));
        assertThat(r.own(Section.NET).get("csums-alg")).contains("md5");
    }

    private static String host(String res, int n) {
        return "resource " + res + " { on a { device /dev/drbd" + n + "; disk /x" + n + "; meta-disk internal; address 10.0.0."
                + n + ":7788; } }\n";
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
