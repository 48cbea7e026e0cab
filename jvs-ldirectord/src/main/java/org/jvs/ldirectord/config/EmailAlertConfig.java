package org.jvs.ldirectord.config;

/**
 * Where and when a virtual service's alerts are mailed, after the per-virtual settings have
 * overridden the global ones. Immutable.
 *
 * @param to the {@code emailalert} addresses as written (comma separated); empty means no mail
 * @param frequencySec seconds between reminders while a real server stays down; 0 sends none
 * @param statusMask the {@link DaemonStatus} bits in which mails are sent
 * @param smtp the SMTP relay host, or null to hand mail to the local sendmail
 */
public record EmailAlertConfig(String to, int frequencySec, int statusMask, String smtp) {

    /** Whether any address is configured. */
    public boolean enabled() {
        return !to.isEmpty();
    }
}
