package org.jvs.ldirectord.config;

import static org.jvs.ldirectord.config.Directives.at;
import static org.jvs.ldirectord.config.Directives.re;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvs.ipvs.AddressFamily;

/**
 * The directives allowed outside virtual blocks, with ldirectord's defaults ({@code set_defaults})
 * and error texts. A line no pattern matches is "Unknown command". Confined to the parsing thread.
 */
final class GlobalDirectives {
    private static final Pattern CHECKTIMEOUT = re("checktimeout\\s*=\\s*(.*)");
    private static final Pattern CONNECTTIMEOUT = re("connecttimeout\\s*=\\s*(.*)");
    private static final Pattern NEGOTIATETIMEOUT = re("negotiatetimeout\\s*=\\s*(.*)");
    private static final Pattern CHECKINTERVAL = re("checkinterval\\s*=\\s*(.*)");
    private static final Pattern CHECKCOUNT = re("checkcount\\s*=\\s*(.*)");
    private static final Pattern FAILURECOUNT = re("failurecount\\s*=\\s*(.*)");
    private static final Pattern FALLBACK = re("fallback(6)?\\s*=\\s*(.*)");
    private static final Pattern FALLBACKCOMMAND = re("fallbackcommand\\s*=\\s*(.*)");
    private static final Pattern AUTORELOAD = re("autoreload\\s*=\\s*(.*)");
    private static final Pattern CALLBACK = re("callback\\s*=\\s*\"(.*)\"");
    private static final Pattern LOGFILE = re("logfile\\s*=\\s*\"(.*)\"");
    private static final Pattern EXECUTE = re("execute\\s*=\\s*(.*)");
    private static final Pattern FORK = re("fork\\s*=\\s*(.*)");
    private static final Pattern SUPERVISED = re("supervised");
    private static final Pattern SUPERVISED_VALUE = re("supervised\\s*=\\s*(.*)");
    private static final Pattern SUPERVISED_BARE = re("supervised\\s*");
    private static final Pattern QUIESCENT = re("quiescent\\s*=\\s*(.*)");
    private static final Pattern READDQUIESCENT = re("readdquiescent\\s*=\\s*(.*)");
    private static final Pattern EMAILALERT = re("emailalert\\s*=\\s*(.*)");
    private static final Pattern EMAILALERTFREQ = re("emailalertfreq\\s*=\\s*(\\d*)");
    private static final Pattern EMAILALERTSTATUS = re("emailalertstatus\\s*=\\s*(.*)");
    private static final Pattern EMAILALERTFROM = re("emailalertfrom\\s*=\\s*(.*)");
    private static final Pattern CLEANSTOP = re("cleanstop\\s*=\\s*(.*)");
    private static final Pattern SMTP = re("smtp\\s*=\\s*(.*)");
    private static final Pattern MAINTENANCEDIR = re("maintenancedir\\s*=\\s*(.*)");
    private static final Pattern TIMEOUT = re("timeout\\s*=\\s*(.*)");

    private final Path file;
    private final RealLineParser reals;
    private final boolean foreground;

    final VirtualDraft.Globals inherited = new VirtualDraft.Globals();
    final List<String> warnings = new ArrayList<>();
    final List<String> execute = new ArrayList<>();
    int checkInterval = 10;
    boolean autoreload;
    String callback;
    String logfile = "/var/log/ldirectord.log";
    String emailAlertFrom;
    boolean supervised;
    boolean fork;
    boolean readdQuiescent;
    Path maintenanceDir;

    GlobalDirectives(Path file, RealLineParser reals, boolean foreground) {
        this.file = file;
        this.reals = reals;
        this.foreground = foreground;
    }

    void directive(String line, int n) throws ConfigException {
        Matcher m;
        if ((m = at(CHECKTIMEOUT, line)) != null) {
            inherited.checkTimeout = positive(m, n, "invalid check timeout value");
        } else if (at(CONNECTTIMEOUT, line) != null) {
            throw error(n, "connecttimeout directive deprecated in favour of negotiatetimeout");
        } else if ((m = at(NEGOTIATETIMEOUT, line)) != null) {
            inherited.negotiateTimeout = positive(m, n, "invalid negotiate timeout value");
        } else if ((m = at(CHECKINTERVAL, line)) != null) {
            checkInterval = positive(m, n, "invalid check interval value");
        } else if ((m = at(CHECKCOUNT, line)) != null) {
            inherited.checkCount = positive(m, n, "invalid check count value");
            warn(n, "checkcount option is deprecated and slated for removal.  please see 'failurecount'");
        } else if ((m = at(FAILURECOUNT, line)) != null) {
            inherited.failureCount = positive(m, n, "invalid failure count value");
        } else if ((m = at(FALLBACK, line)) != null) {
            fallback(m.group(1) == null ? AddressFamily.INET : AddressFamily.INET6, m.group(2), n);
        } else if ((m = at(FALLBACKCOMMAND, line)) != null) {
            if (m.group(1).isEmpty()) {
                throw error(n, "invalid fallback command");
            }
            inherited.fallbackCommand = m.group(1);
        } else if ((m = at(AUTORELOAD, line)) != null) {
            autoreload = yesNo(m, n, "autoreload must be 'yes' or 'no'");
        } else if ((m = at(CALLBACK, line)) != null) {
            callback = m.group(1);
        } else if ((m = at(LOGFILE, line)) != null) {
            logfile(m.group(1), n);
        } else if ((m = at(EXECUTE, line)) != null) {
            execute.add(m.group(1));
        } else if ((m = at(FORK, line)) != null) {
            fork = yesNo(m, n, "fork must be 'yes' or 'no'");
        } else if (at(SUPERVISED, line) != null) {
            supervised(line, n);
        } else if ((m = at(QUIESCENT, line)) != null) {
            inherited.quiescent = yesNo(m, n, "quiescent must be 'yes' or 'no'");
        } else if ((m = at(READDQUIESCENT, line)) != null) {
            readdQuiescent = yesNo(m, n, "readdquiescent must be 'yes' or 'no'");
        } else if ((m = at(EMAILALERT, line)) != null) {
            inherited.emailAlert = EmailDirectives.address(file, n, m.group(1));
        } else if ((m = at(EMAILALERTFREQ, line)) != null) {
            inherited.emailAlertFreq = EmailDirectives.frequency(file, n, m.group(1));
        } else if ((m = at(EMAILALERTSTATUS, line)) != null) {
            inherited.emailAlertStatus = EmailDirectives.status(file, n, m.group(1));
        } else if ((m = at(EMAILALERTFROM, line)) != null) {
            if (m.group(1).isEmpty()) {
                throw error(n, "no email from address specified");
            }
            emailAlertFrom = m.group(1);
        } else if ((m = at(CLEANSTOP, line)) != null) {
            inherited.cleanstop = yesNo(m, n, "cleanstop must be 'yes' or 'no'");
        } else if ((m = at(SMTP, line)) != null) {
            inherited.smtp = EmailDirectives.smtp(file, n, m.group(1));
        } else if ((m = at(MAINTENANCEDIR, line)) != null) {
            if (m.group(1).isEmpty()) {
                throw error(n, "maintenance directory not specified");
            }
            maintenanceDir = Path.of(m.group(1));
            if (!Files.isDirectory(maintenanceDir)) {
                warn(n, "maintenance directory does not exist");
            }
        } else if (at(TIMEOUT, line) != null) {
            throw error(n, "timeout directive deprecated in favour of checktimeout and negotiatetimeout");
        } else {
            throw error(n, "Unknown command " + line);
        }
    }

    private void fallback(AddressFamily af, String value, int n) throws ConfigException {
        VirtualDraft.ParsedFallback parsed = reals.parseFallback(value, null, n);
        int i = af == AddressFamily.INET ? 0 : 1;
        inherited.fallbacks[i][0] = reals.resolveFallback(parsed, VirtualProtocol.TCP, af, 0, n);
        inherited.fallbacks[i][1] = reals.resolveFallback(parsed, VirtualProtocol.UDP, af, 0, n);
        inherited.fallbackHasPort[i] = parsed.port() != null && !parsed.port().equals("0");
    }

    private void logfile(String value, int n) throws ConfigException {
        // ldirectord opens the log file here to test it, except in the foreground where it logs to stderr.
        if (!foreground && !supervised && value.startsWith("/") && !Writable.forAppend(Path.of(value))) {
            throw error(n, "unable to open logfile: " + value);
        }
        logfile = value;
    }

    private void supervised(String line, int n) throws ConfigException {
        Matcher m = at(SUPERVISED_VALUE, line);
        Boolean yes = m == null ? null : Directives.yesNo(m.group(1));
        if (yes != null) {
            supervised = yes;
        } else if (SUPERVISED_BARE.matcher(line).matches()) {
            supervised = true;
            warn(n, "please update your config not to use a bare supervised directive");
        } else {
            throw error(n, "supervised must be 'yes' or 'no'");
        }
    }

    private int positive(Matcher m, int n, String message) throws ConfigException {
        Integer v = Directives.positive(m.group(1));
        if (v == null) {
            throw error(n, message);
        }
        return v;
    }

    private boolean yesNo(Matcher m, int n, String message) throws ConfigException {
        Boolean v = Directives.yesNo(m.group(1));
        if (v == null) {
            throw error(n, message);
        }
        return v;
    }

    private void warn(int n, String message) {
        warnings.add(file + ":" + n + ": " + message);
    }

    private ConfigException error(int n, String message) {
        return new ConfigException(file, n, message);
    }
}
