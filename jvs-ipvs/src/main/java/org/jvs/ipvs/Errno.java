package org.jvs.ipvs;

/**
 * The kernel errno values the IPVS control interface returns; ipvsadm turns them into its messages
 * per operation (ipvs_strerror), so the table reports failures with the same codes.
 */
public enum Errno {
    EPERM(1),
    ENOENT(2),
    ESRCH(3),
    ENOMEM(12),
    ENODEV(19),
    EEXIST(17),
    EINVAL(22),
    ERANGE(34),
    EMSGSIZE(90),
    ENOPROTOOPT(92),
    EOPNOTSUPP(95),
    EAFNOSUPPORT(97);

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Errno ofValue(int v) {
        for (Errno e : values()) {
            if (e.value == v) {
                return e;
            }
        }
        return null;
    }
}
