package org.jvs.heartbeat.cluster;

/**
 * heartbeat's resource-set bits, as carried in {@code rsc_hold}: none (0), local (1, the groups
 * preferring the holder), foreign (2, the others) and all (3). Stateless.
 */
public final class ResourceSet {
    public static final int NONE = 0;
    public static final int LOCAL = 1;
    public static final int FOREIGN = 2;
    public static final int ALL = 3;
    private static final String[] NAMES = {"none", "local", "foreign", "all"};

    private ResourceSet() {
    }

    /** The wire name of a set ({@code decode_resources}). */
    public static String name(int set) {
        return set >= 0 && set < NAMES.length ? NAMES[set] : "(undefined)";
    }

    /** The set a wire name stands for; heartbeat treats an unknown name as none. */
    public static int parse(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return NONE;
    }

    /** Whether {@code name} is one of the four set names. */
    public static boolean isName(String name) {
        for (String n : NAMES) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** heartbeat's HB_UPD_RSC: a full report replaces, a partial one adds (none clears). */
    static int update(boolean full, int current, int reported) {
        return full ? reported : reported == NONE ? NONE : (reported | current);
    }
}
