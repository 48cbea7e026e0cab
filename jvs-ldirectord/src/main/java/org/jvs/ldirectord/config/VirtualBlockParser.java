package org.jvs.ldirectord.config;

import static org.jvs.ldirectord.config.Directives.at;
import static org.jvs.ldirectord.config.Directives.re;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.ServiceFlags;

/**
 * The directives of one virtual block, tried in ldirectord's order with its error texts. Quotes are
 * required for request, receive, login, passwd, database, secret and load, optional for
 * checkcommand, fallbackcommand, monitorfile and virtualhost. Confined to the parsing thread.
 */
final class VirtualBlockParser {
    private static final Pattern REAL = re("(real(6)?)\\s*=\\s*(.*)");
    private static final Pattern REQUEST = re("request\\s*=\\s*\"(.*)\"");
    private static final Pattern RECEIVE = re("receive\\s*=\\s*\"(.*)\"");
    private static final Pattern CHECKTYPE = re("checktype\\s*=\\s*(.*)");
    private static final Pattern CHECKCOMMAND_QUOTED = re("checkcommand\\s*=\\s*\"(.*)\"");
    private static final Pattern CHECKCOMMAND = re("checkcommand\\s*=\\s*(.*)");
    private static final Pattern CHECKTIMEOUT = re("checktimeout\\s*=\\s*(.*)");
    private static final Pattern CONNECTTIMEOUT = re("connecttimeout\\s*=\\s*(.*)");
    private static final Pattern NEGOTIATETIMEOUT = re("negotiatetimeout\\s*=\\s*(.*)");
    private static final Pattern CHECKCOUNT = re("checkcount\\s*=\\s*(.*)");
    private static final Pattern FAILURECOUNT = re("failurecount\\s*=\\s*(.*)");
    private static final Pattern CHECKINTERVAL = re("checkinterval\\s*=\\s*(.*)");
    private static final Pattern CHECKPORT = re("checkport\\s*=\\s*(.*)");
    private static final Pattern LOGIN = re("login\\s*=\\s*\"(.*)\"");
    private static final Pattern PASSWD = re("passwd\\s*=\\s*\"(.*)\"");
    private static final Pattern DATABASE = re("database\\s*=\\s*\"(.*)\"");
    private static final Pattern SECRET = re("secret\\s*=\\s*\"(.*)\"");
    private static final Pattern LOAD = re("load\\s*=\\s*\"(.*)\"");
    private static final Pattern SCHEDULER = re("scheduler\\s*=\\s*(.*)");
    private static final Pattern PERSISTENT = re("persistent\\s*=\\s*(.*)");
    private static final Pattern SCHEDFLAGS = re("schedflags\\s*=\\s*(.*)");
    private static final Pattern NETMASK = re("netmask\\s*=\\s*(.*)");
    private static final Pattern PROTOCOL = re("protocol\\s*=\\s*(.*)");
    private static final Pattern OPS = re("ops\\s*=\\s*(.*)");
    private static final Pattern SERVICE = re("service\\s*=\\s*(.*)");
    private static final Pattern HTTPMETHOD = re("httpmethod\\s*=\\s*(.*)");
    private static final Pattern VIRTUALHOST = re("virtualhost\\s*=\\s*\"?([^\"]*)\"?");
    private static final Pattern FALLBACK = re("(fallback(6)?)\\s*=\\s*(.*)");
    private static final Pattern FALLBACKCOMMAND_QUOTED = re("fallbackcommand\\s*=\\s*\"(.*)\"");
    private static final Pattern FALLBACKCOMMAND = re("fallbackcommand\\s*=\\s*(.*)");
    private static final Pattern QUIESCENT = re("quiescent\\s*=\\s*(.*)");
    private static final Pattern EMAILALERT = re("emailalert\\s*=\\s*(.*)");
    private static final Pattern EMAILALERTFREQ = re("emailalertfreq\\s*=\\s*(\\d*)");
    private static final Pattern EMAILALERTSTATUS = re("emailalertstatus\\s*=\\s*(.*)");
    private static final Pattern MONITORFILE_QUOTED = re("monitorfile\\s*=\\s*\"(.*)\"");
    private static final Pattern MONITORFILE = re("monitorfile\\s*=\\s*(.*)");
    private static final Pattern CLEANSTOP = re("cleanstop\\s*=\\s*(.*)");
    private static final Pattern SMTP = re("smtp\\s*=\\s*(.*)");
    private static final Pattern SERVICENAME = re("servicename\\s*=\\s*(.*)");
    private static final Pattern COMMENT = re("comment\\s*=\\s*(.*)");
    private static final Pattern WORD = re("([\\w-]+)");
    private static final Pattern LETTERS = re("([a-z]+)");
    private static final Pattern IDENT = re("(\\w+)");
    private static final Pattern NONBLANK = re("(\\S+)");
    private static final Pattern DIGITS_ONLY = re("\\d+");
    private static final Pattern DOTTED_QUAD = re("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private final Path file;
    private final VirtualDraft v;
    private final String hostname;
    private final RealLineParser reals;
    private final List<String> warnings;

    VirtualBlockParser(Path file, VirtualDraft v, String hostname, RealLineParser reals, List<String> warnings) {
        this.file = file;
        this.v = v;
        this.hostname = hostname;
        this.reals = reals;
        this.warnings = warnings;
    }

    /** One indented line: {@code cmd} is its text after the indentation, {@code raw} the line as written. */
    void directive(String cmd, String raw, int n) throws ConfigException {
        Matcher m;
        if ((m = at(REAL, cmd)) != null) {
            sameFamily(m.group(1), m.group(2) != null, "real", n);
            v.realLines.add(new String[] {m.group(3), Integer.toString(n)});
        } else if ((m = at(REQUEST, cmd)) != null) {
            String r = nonEmpty(m, n, "no request string specified");
            v.request = r.startsWith("/") ? r : "/" + r;
        } else if ((m = at(RECEIVE, cmd)) != null) {
            v.receive = nonEmpty(m, n, "invalid receive string");
            Regex.check(file, n, v.receive);
        } else if ((m = at(CHECKTYPE, cmd)) != null) {
            checktype(m.group(1), n);
        } else if ((m = at(CHECKCOMMAND_QUOTED, cmd)) != null || (m = at(CHECKCOMMAND, cmd)) != null) {
            v.checkCommand = nonEmpty(m, n, "invalid check command");
        } else if ((m = at(CHECKTIMEOUT, cmd)) != null) {
            v.checkTimeout = positive(m, n, "invalid check timeout");
        } else if (at(CONNECTTIMEOUT, cmd) != null) {
            throw error(n, "connecttimeout directive deprecated in favour of negotiatetimeout");
        } else if ((m = at(NEGOTIATETIMEOUT, cmd)) != null) {
            v.negotiateTimeout = positive(m, n, "invalid negotiate timeout");
        } else if ((m = at(CHECKCOUNT, cmd)) != null) {
            v.checkCount = positive(m, n, "invalid check count");
            warnings.add(file + ":" + n + ": checkcount option is deprecated and slated for removal.  please see 'failurecount'");
        } else if ((m = at(FAILURECOUNT, cmd)) != null) {
            v.failureCount = positive(m, n, "invalid failure count");
        } else if ((m = at(CHECKINTERVAL, cmd)) != null) {
            v.checkInterval = positive(m, n, "invalid checkinterval");
        } else if ((m = at(CHECKPORT, cmd)) != null) {
            Integer p = Directives.firstNumber(m.group(1));
            if (p == null) {
                throw error(n, "invalid port");
            }
            if (p < 1 || p > 65535) {
                throw error(n, "checkport must be in range 1..65536");
            }
            v.checkPort = p;
        } else if ((m = at(LOGIN, cmd)) != null) {
            v.login = nonEmpty(m, n, "invalid login string");
        } else if ((m = at(PASSWD, cmd)) != null) {
            v.passwd = nonEmpty(m, n, "invalid password");
        } else if ((m = at(DATABASE, cmd)) != null) {
            v.database = nonEmpty(m, n, "invalid database");
        } else if ((m = at(SECRET, cmd)) != null) {
            v.secret = nonEmpty(m, n, "invalid secret");
        } else if ((m = at(LOAD, cmd)) != null) {
            // Parsed and validated as ldirectord does; it has never been used for anything.
            if (!IDENT.matcher(m.group(1)).find()) {
                throw error(n, "invalid string for load testing");
            }
        } else if ((m = at(SCHEDULER, cmd)) != null) {
            Matcher s = LETTERS.matcher(m.group(1));
            if (!s.find()) {
                throw error(n, "invalid scheduler, should be only lowercase letters (a-z)");
            }
            v.scheduler = s.group(1);
        } else if ((m = at(PERSISTENT, cmd)) != null) {
            Integer p = Directives.firstNumber(m.group(1));
            if (p == null) {
                throw error(n, "invalid persistent timeout");
            }
            v.persistent = p;
            v.persistentSet = true;
        } else if ((m = at(SCHEDFLAGS, cmd)) != null) {
            schedflags(m.group(1), n);
        } else if ((m = at(NETMASK, cmd)) != null) {
            netmask(m.group(1), n);
        } else if ((m = at(PROTOCOL, cmd)) != null) {
            protocol(m.group(1), n);
        } else if ((m = at(OPS, cmd)) != null) {
            v.onePacket = yesNo(m, n, "ops must be 'yes' or 'no'");
        } else if ((m = at(SERVICE, cmd)) != null) {
            service(m.group(1), n);
        } else if ((m = at(HTTPMETHOD, cmd)) != null) {
            Matcher w = IDENT.matcher(m.group(1));
            String method = w.find() ? w.group(1).toUpperCase(Locale.ROOT) : "";
            if (!method.equals("GET") && !method.equals("HEAD")) {
                throw error(n, "httpmethod must be GET or HEAD");
            }
            v.httpMethod = method;
        } else if ((m = at(VIRTUALHOST, cmd)) != null) {
            v.virtualHost = m.group(1);
        } else if ((m = at(FALLBACK, cmd)) != null) {
            sameFamily(m.group(1), m.group(2) != null, "fallback", n);
            v.fallbackLine = n;
            v.fallback = reals.parseFallback(m.group(3), v, n);
        } else if ((m = at(FALLBACKCOMMAND_QUOTED, cmd)) != null || (m = at(FALLBACKCOMMAND, cmd)) != null) {
            v.fallbackCommand = nonEmpty(m, n, "invalid fallback command");
        } else if ((m = at(QUIESCENT, cmd)) != null) {
            v.quiescent = yesNo(m, n, "quiescent must be 'yes' or 'no'");
        } else if ((m = at(EMAILALERT, cmd)) != null) {
            v.emailAlert = EmailDirectives.address(file, n, m.group(1));
        } else if ((m = at(EMAILALERTFREQ, cmd)) != null) {
            v.emailAlertFreq = EmailDirectives.frequency(file, n, m.group(1));
        } else if ((m = at(EMAILALERTSTATUS, cmd)) != null) {
            v.emailAlertStatus = EmailDirectives.status(file, n, m.group(1));
        } else if ((m = at(MONITORFILE_QUOTED, cmd)) != null || (m = at(MONITORFILE, cmd)) != null) {
            Path monitor = Path.of(m.group(1));
            if (!Writable.forAppend(monitor)) {
                throw error(n, "unable to open monitorfile " + m.group(1) + ": Permission denied or no such directory");
            }
            v.monitorFile = monitor;
        } else if ((m = at(CLEANSTOP, cmd)) != null) {
            v.cleanstop = yesNo(m, n, "cleanstop must be 'yes' or 'no'");
        } else if ((m = at(SMTP, cmd)) != null) {
            v.smtp = EmailDirectives.smtp(file, n, m.group(1));
        } else if ((m = at(SERVICENAME, cmd)) != null) {
            v.serviceName = m.group(1);
        } else if ((m = at(COMMENT, cmd)) != null) {
            v.comment = m.group(1);
        } else {
            throw error(n, "Unknown command \"" + raw + "\"");
        }
    }

    private void sameFamily(String word, boolean six, String base, int n) throws ConfigException {
        if (six != (v.family == AddressFamily.INET6)) {
            throw error(n, "cannot specify \"" + word + "\" here.  please use \"" + base
                    + (v.family == AddressFamily.INET ? "" : "6") + "\" instead");
        }
    }

    private void checktype(String value, int n) throws ConfigException {
        Integer number = Directives.firstNumber(value);
        if (number != null) {
            v.numConnects = number;
            v.checkType = CheckType.COMBINED;
            return;
        }
        Matcher w = WORD.matcher(value);
        CheckType t = w.find() ? CheckType.ofWord(w.group(1)) : null;
        if (t == null) {
            throw error(n, "checktype must be \"connect\", \"negotiate\", \"on\", \"off\", \"ping\", \"external\", "
                    + "\"external-perl\" or a positive number");
        }
        v.checkType = t;
    }

    private void service(String value, int n) throws ConfigException {
        Matcher w = IDENT.matcher(value);
        ServiceType s = w.find() ? ServiceType.ofWord(w.group(1)) : null;
        if (s == null) {
            throw error(n, "service must be dns, ftp, http, https, http_proxy, imap, imaps, ldap, ldaps, mysql, nntp, "
                    + "none, oracle, pop, pops, radius, pgsql, simpletcp, sip, smtp or submission");
        }
        v.service = s;
        if (s == ServiceType.FTP && v.login.isEmpty()) {
            v.login = "anonymous";
        } else if (s == ServiceType.SIP && v.login.isEmpty()) {
            v.login = "ldirectord@" + hostname;
        }
        if (s == ServiceType.FTP && v.passwd.isEmpty()) {
            v.passwd = "ldirectord@" + hostname;
        }
    }

    private void protocol(String value, int n) throws ConfigException {
        Matcher w = IDENT.matcher(value);
        if (!w.find()) {
            throw error(n, "invalid protocol");
        }
        String p = w.group(1);
        if (v.protocol == VirtualProtocol.FWM) {
            if (!p.equals("fwm")) {
                throw error(n, "protocol must be fwm if the virtual service is a fwmark (a number)");
            }
        } else if (p.equals("tcp") || p.equals("udp")) {
            v.protocol = p.equals("tcp") ? VirtualProtocol.TCP : VirtualProtocol.UDP;
        } else {
            throw error(n, "protocol must be tcp or udp if the virtual service is an address and port");
        }
    }

    private void netmask(String value, int n) throws ConfigException {
        if (v.family == AddressFamily.INET6) {
            Integer p = DIGITS_ONLY.matcher(value).matches() ? Directives.firstNumber(value) : null;
            if (p == null || p < 1 || p > 128) {
                throw error(n, "invalid netmask: a prefix length between 1 and 128 is required");
            }
        } else if (!DOTTED_QUAD.matcher(value).matches() || IpAddress.parseNumeric(value) == null) {
            throw error(n, "invalid netmask: dotted quad notation is required");
        }
        v.netmask = value;
    }

    private void schedflags(String value, int n) throws ConfigException {
        Matcher w = NONBLANK.matcher(value);
        if (!w.find()) {
            throw error(n, "invalid sched-flags");
        }
        int flags = 0;
        for (String flag : w.group(1).split(",")) {
            flags |= switch (flag) {
                case "flag-1", "sh-fallback", "mh-fallback" -> ServiceFlags.SCHED1;
                case "flag-2", "sh-port", "mh-port" -> ServiceFlags.SCHED2;
                case "flag-3" -> ServiceFlags.SCHED3;
                // ipvsadm would refuse the flag when the service is added; refusing it here says where.
                default -> throw error(n, "invalid sched-flags");
            };
        }
        v.schedFlags = flags;
    }

    private String nonEmpty(Matcher m, int n, String message) throws ConfigException {
        if (m.group(1).isEmpty()) {
            throw error(n, message);
        }
        return m.group(1);
    }

    private int positive(Matcher m, int n, String message) throws ConfigException {
        Integer value = Directives.positive(m.group(1));
        if (value == null) {
            throw error(n, message);
        }
        return value;
    }

    private boolean yesNo(Matcher m, int n, String message) throws ConfigException {
        Boolean value = Directives.yesNo(m.group(1));
        if (value == null) {
            throw error(n, message);
        }
        return value;
    }

    private ConfigException error(int n, String message) {
        return new ConfigException(file, n, message);
    }
}
