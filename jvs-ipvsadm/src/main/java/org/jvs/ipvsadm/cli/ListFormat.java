package org.jvs.ipvsadm.cli;

/** ipvsadm's printing format bits (FMT_*): which listing layout and how addresses are shown. */
final class ListFormat {
    static final int NONE = 0;
    static final int NUMERIC = 0x0001;
    static final int RULE = 0x0002;
    static final int STATS = 0x0004;
    static final int RATE = 0x0008;
    static final int THRESHOLDS = 0x0010;
    static final int PERSISTENTCONN = 0x0020;
    static final int NOSORT = 0x0040;
    static final int EXACT = 0x0080;
    static final int TUN_INFO = 0x0100;

    private ListFormat() {
    }
}
