package org.jvs.heartbeat.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One resource of a haresources line, {@code script::arg1::arg2}. A bare IPv4 address (heartbeat's
 * glob {@code [0-9]*.[0-9]*.[0-9]*.[0-9]*}) stands for {@code IPaddr::address}. Immutable.
 *
 * @param text   the resource as written (a group's key when it comes first on its line)
 * @param script the resource script name (IPaddr, drbddisk, httpd...)
 * @param args   the {@code ::}-separated arguments, passed before start/stop/status
 */
public record ResourceSpec(String text, String script, List<String> args) {
    private static final Pattern BARE_IP = Pattern.compile("[0-9].*\\.[0-9].*\\.[0-9].*\\.[0-9].*");

    public ResourceSpec {
        args = List.copyOf(args);
    }

    /** Splits a resource word as ResourceManager's canonname, resource2script and resource2arg do. */
    public static ResourceSpec parse(String text) {
        String canonical = BARE_IP.matcher(text).matches() ? "IPaddr::" + text : text;
        int sep = canonical.indexOf("::");
        if (sep < 0) {
            return new ResourceSpec(text, canonical, List.of());
        }
        List<String> args = new ArrayList<>();
        String rest = canonical.substring(sep + 2);
        int from = 0;
        while (true) {
            int next = rest.indexOf("::", from);
            if (next < 0) {
                args.add(rest.substring(from));
                break;
            }
            args.add(rest.substring(from, next));
            from = next + 2;
        }
        return new ResourceSpec(text, canonical.substring(0, sep), args);
    }

    @Override
    public String toString() {
        return text;
    }
}
