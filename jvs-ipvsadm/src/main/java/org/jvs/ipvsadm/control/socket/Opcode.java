package org.jvs.ipvsadm.control.socket;

/** The second header byte of a frame: which request or response the body holds. */
public enum Opcode {
    ADD_SERVICE(0x01),
    EDIT_SERVICE(0x02),
    DELETE_SERVICE(0x03),
    FLUSH(0x04),
    ADD_DEST(0x05),
    EDIT_DEST(0x06),
    DELETE_DEST(0x07),
    ZERO(0x08),
    SET_TIMEOUTS(0x09),
    START_DAEMON(0x0A),
    STOP_DAEMON(0x0B),
    GET_INFO(0x0C),
    GET_SERVICES(0x0D),
    GET_SERVICE(0x0E),
    GET_TIMEOUTS(0x0F),
    GET_DAEMONS(0x10),
    GET_CONNECTIONS(0x11),

    DONE(0x80),
    INFO(0x81),
    SERVICES(0x82),
    SERVICE(0x83),
    TIMEOUTS(0x84),
    DAEMONS(0x85),
    CONNECTIONS(0x86),
    FAILURE(0xFF);

    private static final Opcode[] BY_CODE = new Opcode[256];

    static {
        for (Opcode o : values()) {
            BY_CODE[o.code] = o;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether a client may send this opcode. */
    public boolean isRequest() {
        return code < 0x80;
    }

    /** The opcode with this byte value, or null. */
    public static Opcode ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
