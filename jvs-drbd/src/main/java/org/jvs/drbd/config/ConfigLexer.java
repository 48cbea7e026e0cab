package org.jvs.drbd.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one drbd.conf file into {@link Token}s as drbdadm's scanner does: {@code #} starts a
 * comment to the end of the line; {@code { } ; [ ]} stand alone even without spaces around them
 * ({@code resource demo{} is a name and a brace); double-quoted strings keep spaces and take
 * backslash escapes. Colons stay inside words so that {@code 10.1.1.31:7789} is one value.
 * Stateless; thread-safe.
 */
public final class ConfigLexer {
    private static final String PUNCT = "{};[]";
    /** drbdadm rejects longer quoted strings (DQSTRING is limited to 255 characters). */
    private static final int MAX_QUOTED = 255;

    private ConfigLexer() {
    }

    /** The tokens of {@code text}, ending with one EOF token. */
    public static List<Token> tokenize(String text, String file) throws ConfigException {
        List<Token> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (PUNCT.indexOf(c) >= 0) {
                out.add(new Token(Token.Kind.PUNCT, String.valueOf(c), file, line));
                i++;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                int start = line;
                i++;
                while (true) {
                    if (i >= n || text.charAt(i) == '\n') {
                        throw new ConfigException(file, start, "Unterminated string (a \" is missing)");
                    }
                    char d = text.charAt(i);
                    if (d == '"') {
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && text.charAt(i + 1) != '\n') {
                        d = text.charAt(i + 1);
                        i++;
                    }
                    sb.append(d);
                    i++;
                }
                if (sb.length() > MAX_QUOTED) {
                    throw new ConfigException(file, start, "String too long (at most " + MAX_QUOTED + " characters)");
                }
                out.add(new Token(Token.Kind.QUOTED, sb.toString(), file, start));
            } else {
                int s = i;
                while (i < n && !Character.isWhitespace(text.charAt(i)) && PUNCT.indexOf(text.charAt(i)) < 0
                        && text.charAt(i) != '"' && text.charAt(i) != '#') {
                    i++;
                }
                out.add(new Token(Token.Kind.WORD, text.substring(s, i), file, line));
            }
        }
        out.add(new Token(Token.Kind.EOF, "", file, line));
        return out;
    }
}
