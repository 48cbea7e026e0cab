package org.jvs.ipvsadm.cli;

/**
 * ipvsadm's commands (CMD_*) with their names in messages and their row of the command × option
 * legality table: one character per {@link OptionBit}, '+' required, 'x' illegal, '1' at most one
 * of the '1' options, ' ' optional.
 */
enum Command {
    ADD("add-service",          "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx"),
    EDIT("edit-service",        "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx"),
    DEL("delete-service",       "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    FLUSH("flush",              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    LIST("list",                " 11xxxxxxxxx11       xxxxxxx xxxxx"),
    ADDDEST("add-server",       "xx+xxx+    xxxxxxxxxxxxxxxxxx     "),
    DELDEST("delete-server",    "xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    EDITDEST("edit-server",     "xx+xxx+    xxxxxxxxxxxxxxxxxx     "),
    TIMEOUT("set",              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    STARTDAEMON("start-daemon", "xxxxxxxxxxx xxxxxxx xxxx    xxxxxx"),
    STOPDAEMON("stop-daemon",   "xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxx"),
    RESTORE("restore",          "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    SAVE("save",                " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ZERO("zero",                "xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");

    private final String label;
    private final String legality;

    Command(String label, String legality) {
        this.label = label;
        this.legality = legality;
    }

    /** The name in ipvsadm's messages. */
    String label() {
        return label;
    }

    /** The legality character for {@code option}. */
    char legality(OptionBit option) {
        return legality.charAt(option.ordinal());
    }
}
