package org.jvs.drbd.config;

/**
 * One token of a drbd.conf file: a word (bare or quoted, quotes removed) or one of the characters
 * {@code { } ; [ ]}, with where it came from. Immutable.
 *
 * @param kind   what the token is
 * @param text   the word, unescaped, or the punctuation character
 * @param file   the file it was read from
 * @param line   its 1-based line
 */
public record Token(Kind kind, String text, String file, int line) {

    /** The token kinds the parser tells apart. */
    public enum Kind {
        /** An unquoted word: keyword, name, number, path, address. */
        WORD,
        /** A double-quoted string (may hold spaces and semicolons). */
        QUOTED,
        /** One of {@code { } ; [ ]}. */
        PUNCT,
        /** The end of the file. */
        EOF
    }

    /** Whether this is the punctuation character {@code c}. */
    public boolean is(char c) {
        return kind == Kind.PUNCT && text.charAt(0) == c;
    }

    /** Whether this is the unquoted word {@code w}. */
    public boolean isWord(String w) {
        return kind == Kind.WORD && text.equals(w);
    }

    /** Whether this token carries a value (a bare or quoted word). */
    public boolean isValue() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }

    /** The token as drbdadm quotes it in "but got '...'" messages. */
    public String shown() {
        return kind == Kind.EOF ? "" : text;
    }
}
