package org.jvs.heartbeat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jvs.heartbeat.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeysParserTest {
    private static final Path FILE = Path.of("/etc/ha.d/authkeys");

    private static AuthKeys parse(String... lines) throws ConfigException {
        return new AuthKeysParser().parse(FILE, List.of(lines));
    }

    @Test
    void tutorialSha1KeySignsAndEveryListedKeyIsAccepted() throws ConfigException {
        AuthKeys k = parse("auth 1", "1 sha1 key-for-sha1-any-text-you-want", "2 crc", "# old key", "3 md5 oldsecret");
        assertThat(k.signing()).isEqualTo(new AuthKey(1, AuthMethod.SHA1, "key-for-sha1-any-text-you-want"));
        assertThat(k.byId(2)).contains(new AuthKey(2, AuthMethod.CRC, ""));
        assertThat(k.byId(3)).contains(new AuthKey(3, AuthMethod.MD5, "oldsecret"));
        assertThat(k.byId(4)).isEmpty();
    }

    @Test
    void missingAuthLineAndUndefinedSigningKeyUseHeartbeatsMessages() {
        assertThatThrownBy(() -> parse("1 sha1 k")).hasMessageContaining("Missing auth directive in keyfile");
        assertThatThrownBy(() -> parse("auth 4", "1 sha1 k")).hasMessageContaining("Auth Key [4] not found in keyfile");
    }

    @Test
    void authLineAfterItsKeyDoesNotSelectItAsInHeartbeat() {
        assertThatThrownBy(() -> parse("1 sha1 k", "auth 1")).hasMessageContaining("Auth Key [1] not found");
    }

    @Test
    void keysAreCheckedAgainstTheirMethod() {
        assertThatThrownBy(() -> parse("auth 2", "2 crc secret")).hasMessageContaining("Auth method [crc] doesn't use a key");
        assertThatThrownBy(() -> parse("auth 1", "1 sha1")).hasMessageContaining("Auth method [sha1] requires a key");
        assertThatThrownBy(() -> parse("auth 1", "1 rot13 k")).hasMessageContaining("Invalid authtype [rot13]");
        assertThatThrownBy(() -> parse("auth 16", "16 sha1 k")).hasMessageContaining("Invalid authnum [16]");
        assertThatThrownBy(() -> parse("auth x")).hasMessageContaining("Invalid auth line [auth x]");
        assertThatThrownBy(() -> parse("auth 1", "1 sha1 k", "what")).hasMessageContaining("Auth line [what] is invalid.");
    }

    @Test
    void fileReadableByGroupOrOthersIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("authkeys");
        Files.writeString(f, "auth 1\n1 sha1 secret\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> new AuthKeysParser().parse(f)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": Bad permissions on keyfile [" + f + "], 600 recommended.");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(() -> new AuthKeysParser().parse(f)).hasMessageContaining("Bad permissions");
    }

    @Test
    void ownerOnlyModesAreAccepted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("authkeys");
        Files.writeString(f, "auth 1\n1 sha1 secret\n");
        for (String mode : List.of("rw-------", "r--------", "rwx------", "rw--w--w-")) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            assertThat(new AuthKeysParser().parse(f).signing().key()).isEqualTo("secret");
        }
    }

    @Test
    void keyToStringNeverShowsTheSecret() {
        assertThat(new AuthKey(1, AuthMethod.SHA1, "topsecret").toString()).doesNotContain("topsecret");
    }
}
