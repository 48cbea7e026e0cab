package org.jvs.ipvsadm.cli;

/** printf's {@code %-Ns}: left-aligned text padded with spaces to a column width. Stateless. */
final class Columns {
    private Columns() {
    }

    static String left(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** {@code %-Nu} of a C unsigned int. */
    static String leftUnsigned(int v, int width) {
        return left(Integer.toUnsignedString(v), width);
    }
}
