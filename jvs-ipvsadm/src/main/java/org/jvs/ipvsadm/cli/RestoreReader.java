package org.jvs.ipvsadm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code ipvsadm -R} input the way ipvsadm's config_stream_read does: one command per line,
 * words separated by space, tab or CR, every word {@code ipvsadm} dropped, words longer than 4096
 * bytes split. Its quirks are kept: {@code #} is an ordinary word (there are no comments), and a
 * last line without newline that ends in two or more blanks is discarded. Not thread-safe.
 */
final class RestoreReader {
    private static final int MAX_WORD = 4096;
    private static final int EOF = -1;

    private final PushbackInputStream in;

    RestoreReader(InputStream in) {
        this.in = new PushbackInputStream(in, 1);
    }

    /** The words of the next line (possibly none), or null at the end of input. */
    List<String> nextLine() throws IOException {
        List<String> words = new ArrayList<>();
        byte[] word = new byte[MAX_WORD];
        while (true) {
            int c = in.read();
            if (c == EOF) {
                return words.isEmpty() ? null : words;
            }
            if (isBlankOrNewline(c)) {
                // The word conversion failed on a blank: skip blanks up to the next word or newline.
                while (c != '\n') {
                    if (c == EOF) {
                        return null;
                    }
                    if (!isBlankOrNewline(c)) {
                        in.unread(c);
                        break;
                    }
                    c = in.read();
                }
                if (c == '\n') {
                    return words;
                }
                continue;
            }
            int n = 0;
            while (c != EOF && !isBlankOrNewline(c) && n < MAX_WORD) {
                word[n++] = (byte) c;
                c = in.read();
            }
            String w = new String(word, 0, n, StandardCharsets.UTF_8);
            if (!w.equals("ipvsadm")) {
                words.add(w);
            }
            if (c == '\n') {
                return words;
            }
            if (c != EOF && !isBlankOrNewline(c)) {
                in.unread(c); // a word cut at the maximum length continues as the next word
            }
        }
    }

    private static boolean isBlankOrNewline(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
