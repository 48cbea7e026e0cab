package org.jvs.drbd.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This node's name as {@code uname -n} gives it (the UTS namespace's host name). Stateless. */
public final class Hostname {
    private Hostname() {
    }

    /** The node name. */
    public static String current() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "localhost";
            }
        }
    }
}
