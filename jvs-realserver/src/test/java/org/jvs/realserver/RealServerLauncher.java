package org.jvs.realserver;

/** {@code jvs realserver} as a process of its own, as the netns tests start it inside a lab host. */
final class RealServerLauncher {
    private RealServerLauncher() {
    }

    public static void main(String[] args) {
        System.exit(RealServerCommand.main(args, System.out, System.err));
    }
}
