package org.jvs.heartbeat.resource;

/**
 * What the built-in resources act through, so that tests can give their own. Immutable.
 *
 * @param arp       announces moved addresses (IPaddr, IPaddr2)
 * @param drbdadm   runs drbdadm (drbddisk)
 * @param exported  attaches jvs DRBD volumes (Filesystem)
 * @param mounts    the mount table (Filesystem)
 * @param pause     waits between retries (drbddisk, Filesystem, ldirectord)
 * @param runDirectory where a started ldirectord's output goes
 */
public record BuiltInServices(GratuitousArp arp, DrbdadmCommand drbdadm, ExportedDevices exported, MountTable mounts,
                              ResourceManager.Pause pause, java.nio.file.Path runDirectory) {
}
