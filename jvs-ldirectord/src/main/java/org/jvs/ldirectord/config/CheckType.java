package org.jvs.ldirectord.config;

/** How real servers of a virtual service are checked ({@code checktype=}). */
public enum CheckType {
    /** TCP connect to the check port (a ping for UDP services). */
    CONNECT("connect"),
    /** The service's own protocol exchange ({@code service=}). */
    NEGOTIATE("negotiate"),
    /** ICMP echo. */
    PING("ping"),
    /** {@code checkcommand <vip|fwmark> <vport> <rip> <rport>}; exit 0 means up. */
    EXTERNAL("external"),
    /** Like external; the command is a Perl script, run here with {@code perl}. */
    EXTERNAL_PERL("external-perl"),
    /** No check: real servers are always up. */
    ON("on"),
    /** No check: no real or fallback server is ever added. */
    OFF("off"),
    /** {@code checktype=N}: connect checks, with a negotiate check after every N successful connects. */
    COMBINED("combined");

    private final String word;

    CheckType(String word) {
        this.word = word;
    }

    /** The word ldirectord uses for this type (in real-server ids and logs). */
    public String word() {
        return word;
    }

    /** The type named by a configuration word (not a number), or null. */
    public static CheckType ofWord(String word) {
        for (CheckType t : values()) {
            if (t != COMBINED && t.word.equals(word)) {
                return t;
            }
        }
        return null;
    }
}
