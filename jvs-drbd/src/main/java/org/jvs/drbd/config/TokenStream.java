package org.jvs.drbd.config;

import java.util.List;

/**
 * A cursor over one file's tokens with drbdadm's "Parse error: 'X' expected, but got 'Y'" messages.
 * Not thread-safe.
 */
final class TokenStream {
    private final List<Token> tokens;
    private int pos;

    TokenStream(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Token.Kind.EOF) {
            pos++;
        }
        return t;
    }

    /** Consumes the punctuation {@code c} or fails naming it. */
    Token expect(char c) throws ConfigException {
        Token t = next();
        if (!t.is(c)) {
            throw expected(String.valueOf(c), t);
        }
        return t;
    }

    /** Consumes a value (bare or quoted word) or fails with {@code what}. */
    Token value(String what) throws ConfigException {
        Token t = next();
        if (!t.isValue()) {
            throw expected(what, t);
        }
        return t;
    }

    /** Skips a balanced {@code { ... }} block whose opening brace is next. */
    void skipBlock() throws ConfigException {
        expect('{');
        int depth = 1;
        while (depth > 0) {
            Token t = next();
            if (t.kind() == Token.Kind.EOF) {
                throw expected("}", t);
            }
            if (t.is('{')) {
                depth++;
            } else if (t.is('}')) {
                depth--;
            }
        }
    }

    static ConfigException expected(String what, Token got) {
        return new ConfigException(got.file(), got.line(),
                "Parse error: '" + what + "' expected,\n\tbut got '" + got.shown() + "'");
    }
}
