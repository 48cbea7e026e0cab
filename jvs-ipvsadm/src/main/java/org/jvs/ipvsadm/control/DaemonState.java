package org.jvs.ipvsadm.control;

/** The role of a connection-sync daemon, with the kernel's IP_VS_STATE_* values and ipvsadm's words. */
public enum DaemonState {
    MASTER(1, "master"),
    BACKUP(2, "backup");

    private final int kernelValue;
    private final String label;

    DaemonState(int kernelValue, String label) {
        this.kernelValue = kernelValue;
        this.label = label;
    }

    /** IP_VS_STATE_MASTER = 1, IP_VS_STATE_BACKUP = 2. */
    public int kernelValue() {
        return kernelValue;
    }

    /** {@code master} or {@code backup}, as typed after {@code --start-daemon}. */
    public String label() {
        return label;
    }

    /** The state with this kernel value, or null. */
    public static DaemonState ofKernelValue(int v) {
        for (DaemonState s : values()) {
            if (s.kernelValue == v) {
                return s;
            }
        }
        return null;
    }
}
