package org.jvs.heartbeat.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvs.heartbeat.config.ConfigException;

/**
 * Reads authkeys as heartbeat's {@code parse_authfile} does, refusing a file that its group or
 * others can read. Quirks kept on purpose: the key is one blank-free word, and the {@code auth N}
 * line must precede the definition of key N to select it. Stateless.
 */
public final class AuthKeysParser {
    /** {@code auth %d}: the literal, optional blanks, an integer. */
    private static final Pattern AUTH_LINE = Pattern.compile("auth\\s*([+-]?\\d+).*", Pattern.DOTALL);
    /** {@code %d%s%s}: an integer, then up to two words. */
    private static final Pattern KEY_LINE = Pattern.compile("([+-]?\\d+)\\s*(\\S+)(?:\\s+(\\S+))?.*", Pattern.DOTALL);

    /** Reads {@code file}, first checking its permissions. */
    public AuthKeys parse(Path file) throws IOException, ConfigException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
            throw new ConfigException(file, 0, "Bad permissions on keyfile [" + file + "], 600 recommended.");
        }
        return parse(file, Files.readAllLines(file, StandardCharsets.ISO_8859_1));
    }

    /** Parses lines as if read from {@code file} (no permission check). */
    public AuthKeys parse(Path file, List<String> lines) throws ConfigException {
        var problems = new java.util.ArrayList<ConfigException.Problem>();
        Map<Integer, AuthKey> keys = new HashMap<>();
        int authnum = -1;
        Integer signing = null;
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String bp = raw.stripLeading();
            if (bp.isEmpty() || bp.charAt(0) == '#') {
                continue;
            }
            if (bp.charAt(0) == 'a') {
                Matcher m = AUTH_LINE.matcher(bp);
                if (m.matches() && fitsInt(m.group(1))) {
                    authnum = Integer.parseInt(m.group(1));
                } else {
                    problems.add(new ConfigException.Problem(file, lineNo,
                            "Invalid auth line [" + raw + "] in " + file));
                }
                continue;
            }
            Matcher m = KEY_LINE.matcher(bp);
            if (!m.matches() || !fitsInt(m.group(1))) {
                problems.add(new ConfigException.Problem(file, lineNo, "Auth line [" + raw + "] is invalid."));
                continue;
            }
            int id = Integer.parseInt(m.group(1));
            String methodName = m.group(2);
            String key = m.group(3) == null ? "" : m.group(3);
            if (id < 0 || id >= AuthKeys.MAX_AUTH) {
                problems.add(new ConfigException.Problem(file, lineNo, "Invalid authnum [" + id + "] in " + file));
                continue;
            }
            AuthMethod method = AuthMethod.byKeyword(methodName);
            if (method == null) {
                problems.add(new ConfigException.Problem(file, lineNo, "Invalid authtype [" + methodName + "]"));
                continue;
            }
            if (!key.isEmpty() && !method.needsKey()) {
                problems.add(new ConfigException.Problem(file, lineNo,
                        "Auth method [" + methodName + "] doesn't use a key"));
                continue;
            }
            if (key.isEmpty() && method.needsKey()) {
                problems.add(new ConfigException.Problem(file, lineNo,
                        "Auth method [" + methodName + "] requires a key"));
                continue;
            }
            keys.put(id, new AuthKey(id, method, key));
            if (id == authnum) {
                signing = id;
            }
        }
        if (signing == null) {
            problems.add(new ConfigException.Problem(file, 0, authnum < 0
                    ? "Missing auth directive in keyfile [" + file + "]"
                    : "Auth Key [" + authnum + "] not found in keyfile [" + file + "]"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AuthKeys(keys, signing);
    }

    private static boolean fitsInt(String digits) {
        try {
            Integer.parseInt(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
