package org.jvs.ldirectord.config;

/**
 * The services a negotiate check speaks ({@code service=}), each with the port that selects it by
 * default and the port checked when a real server has none (ldirectord's {@code ld_port_to_service}
 * and {@code ld_service_to_port}).
 */
public enum ServiceType {
    DNS("dns", 53),
    FTP("ftp", 21),
    HTTP("http", 80),
    HTTPS("https", 443),
    HTTP_PROXY("http_proxy", 3128),
    IMAP("imap", 143),
    IMAPS("imaps", 993),
    LDAP("ldap", 389),
    LDAPS("ldaps", 636),
    MYSQL("mysql", 3306),
    NNTP("nntp", 119),
    NONE("none", 0),
    ORACLE("oracle", 1521),
    POP("pop", 110),
    POPS("pops", 995),
    RADIUS("radius", 1812),
    PGSQL("pgsql", 5432),
    SIP("sip", 5060),
    SMTP("smtp", 25),
    SUBMISSION("submission", 587),
    SIMPLETCP("simpletcp", 0);

    private final String word;
    private final int defaultPort;

    ServiceType(String word, int defaultPort) {
        this.word = word;
        this.defaultPort = defaultPort;
    }

    /** The configuration word. */
    public String word() {
        return word;
    }

    /** The well-known port of the service; 0 for none and simpletcp, which have none. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The service named by a configuration word, or null. */
    public static ServiceType ofWord(String word) {
        for (ServiceType s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        return null;
    }

    /** The service a virtual port implies when {@code service=} is absent: none for unknown ports. */
    public static ServiceType forPort(int port) {
        for (ServiceType s : values()) {
            if (s.defaultPort == port && s.defaultPort != 0) {
                return s;
            }
        }
        return NONE;
    }
}
