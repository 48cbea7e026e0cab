package org.jvs.ldirectord.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A whole ldirectord.cf, validated: the one configuration object of a running ldirectord, replaced
 * as a whole on reload. Global settings that virtual services can override are already folded into
 * each {@link VirtualServiceConfig}. Immutable.
 *
 * @param file the configuration file
 * @param name the configuration name (the file's base name), used in the PID file and log lines
 * @param checkIntervalSec seconds between check rounds
 * @param autoreload reread the file when its modification time and content change
 * @param callback command run with the file name when the file changes, or null
 * @param logfile a path starting with '/', or a syslog facility name
 * @param emailAlertFrom the From header of alert mails, or null for user@host
 * @param execute names of other configurations started, stopped and reloaded with this one
 * @param supervised stay in the foreground and log to standard output
 * @param fork check each virtual service on its own schedule and interval
 * @param readdQuiescent re-add a failed quiescent real server that was deleted by hand, with weight 0
 * @param maintenanceDir the directory of maintenance files, or null
 * @param warnings non-fatal findings, each as {@code file:line: message}
 */
public record LdirectordConfig(Path file, String name, int checkIntervalSec, boolean autoreload, String callback,
                               String logfile, String emailAlertFrom, List<String> execute, boolean supervised,
                               boolean fork, boolean readdQuiescent, Path maintenanceDir,
                               List<VirtualServiceConfig> virtuals, List<String> warnings) {

    public LdirectordConfig {
        execute = List.copyOf(execute);
        virtuals = List.copyOf(virtuals);
        warnings = List.copyOf(warnings);
    }
}
