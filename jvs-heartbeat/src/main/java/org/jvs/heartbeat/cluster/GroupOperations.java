package org.jvs.heartbeat.cluster;

/**
 * ResourceManager's group commands, addressed by group key. Implementations run resource scripts
 * and may block; they are called from the job thread only.
 */
public interface GroupOperations {

    /** {@code ResourceManager status KEY}: whether the group's first resource reports running. */
    boolean isRunning(String key);

    /** {@code takegroup KEY}: start the group's resources left to right. */
    void take(String key);

    /** {@code givegroup KEY}: stop the group's resources right to left. */
    void give(String key);
}
