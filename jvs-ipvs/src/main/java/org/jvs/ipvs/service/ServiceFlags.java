package org.jvs.ipvs.service;

/** IP_VS_SVC_F_* bits of a virtual service, as in the kernel's uapi header. */
public final class ServiceFlags {
    public static final int PERSISTENT = 0x0001;
    public static final int HASHED = 0x0002;
    public static final int ONEPACKET = 0x0004;
    public static final int SCHED1 = 0x0008;
    public static final int SCHED2 = 0x0010;
    public static final int SCHED3 = 0x0020;
    /** sh-fallback / mh-fallback. */
    public static final int SCHED_FALLBACK = SCHED1;
    /** sh-port / mh-port. */
    public static final int SCHED_PORT = SCHED2;
    public static final int SCHED_MASK = SCHED1 | SCHED2 | SCHED3;

    private ServiceFlags() {
    }
}
