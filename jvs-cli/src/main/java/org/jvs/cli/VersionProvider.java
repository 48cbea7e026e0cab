package org.jvs.cli;

import picocli.CommandLine.IVersionProvider;

/** The version line of {@code jvs --version}. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"jvs " + (v == null ? "development build" : v) + " (IPVS 1.2.1 compatible, ipvsadm 1.31)"};
    }
}
