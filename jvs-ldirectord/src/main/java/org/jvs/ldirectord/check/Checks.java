package org.jvs.ldirectord.check;

import java.util.EnumMap;
import java.util.Map;
import org.jvs.ldirectord.config.ServiceType;

/**
 * The check implementations of one ldirectord: one negotiate check per service, plus connect, ping
 * and external. Thread-safe (the checks are stateless).
 */
public final class Checks {
    private final Map<ServiceType, Check> negotiate = new EnumMap<>(ServiceType.class);
    private final Check connect = new ConnectCheck();
    private final Check ping;
    private final Check external;
    private final Check externalPerl;

    /** The checks of a process; ping sends ICMP only when {@code root}. */
    public Checks(ProcessRunner runner, boolean root) {
        ping = new PingCheck(root);
        external = new ExternalCheck(runner, false);
        externalPerl = new ExternalCheck(runner, true);
        Check http = new HttpCheck(false);
        negotiate.put(ServiceType.HTTP, http);
        negotiate.put(ServiceType.HTTPS, http);
        negotiate.put(ServiceType.HTTP_PROXY, new HttpCheck(true));
        negotiate.put(ServiceType.FTP, new FtpCheck());
        negotiate.put(ServiceType.SMTP, new SmtpCheck());
        negotiate.put(ServiceType.SUBMISSION, new SmtpCheck());
        negotiate.put(ServiceType.POP, new PopCheck(false));
        negotiate.put(ServiceType.POPS, new PopCheck(true));
        negotiate.put(ServiceType.IMAP, new ImapCheck(false));
        negotiate.put(ServiceType.IMAPS, new ImapCheck(true));
        negotiate.put(ServiceType.LDAP, new LdapCheck());
        negotiate.put(ServiceType.LDAPS, new LdapCheck());
        negotiate.put(ServiceType.NNTP, new NntpCheck());
        negotiate.put(ServiceType.DNS, new DnsCheck());
        negotiate.put(ServiceType.MYSQL, new MysqlCheck());
        negotiate.put(ServiceType.PGSQL, new PgsqlCheck());
        negotiate.put(ServiceType.RADIUS, new RadiusCheck());
        negotiate.put(ServiceType.SIP, new SipCheck());
        negotiate.put(ServiceType.SIMPLETCP, new SimpleTcpCheck());
        negotiate.put(ServiceType.NONE, t -> CheckResult.up(CheckResult.NO_MESSAGE));
        // Oracle's TNS protocol is not implemented; saying so beats pretending the server is up.
        negotiate.put(ServiceType.ORACLE, t -> CheckResult.down("oracle checks are not supported by jvs"));
    }

    /** The checks of this process (ping is real ICMP when it runs as root). */
    public static Checks forThisProcess() {
        return new Checks(new ProcessRunner(), PingCheck.forThisProcess().isRoot());
    }

    public Check negotiate(ServiceType service) {
        return negotiate.get(service);
    }

    public Check connect() {
        return connect;
    }

    public Check ping() {
        return ping;
    }

    public Check external(boolean perl) {
        return perl ? externalPerl : external;
    }
}
