package org.jvs.ipvsadm.cli;

/** Expected output written one line per argument, each ending in '|' so trailing blanks are visible. */
final class Golden {
    private Golden() {
    }

    static String lines(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            if (!l.endsWith("|")) {
                throw new IllegalArgumentException("golden line must end in '|': " + l);
            }
            sb.append(l, 0, l.length() - 1).append('\n');
        }
        return sb.toString();
    }
}
