package org.jvs.drbd.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;
import org.jvs.common.PidFile;
import org.jvs.common.RunDirectory;
import org.jvs.drbd.config.ConfigException;
import org.jvs.drbd.config.DrbdConfig;
import org.jvs.drbd.config.ResourceConfig;
import org.jvs.drbd.config.Section;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.MetadataException;
import org.jvs.drbd.nbd.Export;
import org.jvs.drbd.nbd.NbdServer;
import org.jvs.drbd.resource.ReplicatedDevice;
import org.jvs.drbd.resource.Resource;
import org.jvs.drbd.resource.ResourceSettings;

/**
 * One resource running on this node: the attached volumes and the link to the peer
 * ({@link Resource}), the NBD export of each volume on a Unix socket in the run directory (and on
 * TCP where {@code nbd-export} says), the control socket drbdadm talks to, and the PID file. The
 * run directory's {@code drbd/} holds RES.ctl, RES.sock, RES.pid. Thread-safe.
 */
public final class NodeDaemon implements AutoCloseable {
    private final Resource resource;
    private final NbdServer nbd;
    private final ControlServer control;
    private final PidFile pidFile;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private NodeDaemon(Resource resource, NbdServer nbd, ControlServer control, PidFile pidFile) {
        this.resource = resource;
        this.nbd = nbd;
        this.control = control;
        this.pidFile = pidFile;
    }

    /** The directory under the run directory that holds drbd's runtime files. */
    public static Path directory(RunDirectory run) {
        return run.resolve("drbd");
    }

    /** The control socket of {@code resource}. */
    public static Path controlSocket(RunDirectory run, String resource) {
        return directory(run).resolve(resource + ".ctl");
    }

    /** The NBD Unix socket of {@code resource}. */
    public static Path nbdSocket(RunDirectory run, String resource) {
        return directory(run).resolve(resource + ".sock");
    }

    /** The NBD export name of a volume: the resource name for volume 0, RES/N for others. */
    public static String exportName(String resource, int volume) {
        return volume == 0 ? resource : resource + "/" + volume;
    }

    /**
     * Brings resource {@code name} up on {@code hostname}: attach, export, listen for commands,
     * connect to the peer.
     */
    public static NodeDaemon start(DrbdConfig config, String name, String hostname, RunDirectory run,
                                   LongSupplier nanoClock) throws ConfigException, IOException, MetadataException {
        ResourceConfig rc = config.resource(name).orElseThrow(
                () -> new ConfigException("'" + name + "' not defined in your config."));
        ResourceSettings settings = ResourceSettings.of(rc, hostname);
        run.create();
        Path dir = directory(run);
        Files.createDirectories(dir);
        Resource resource = Resource.attach(settings, nanoClock);
        NbdServer nbd = null;
        try {
            List<Export> exports = new ArrayList<>();
            for (Volume v : resource.volumes()) {
                exports.add(new Export(exportName(name, v.number()), "drbd " + v.config().devicePath(),
                        new ReplicatedDevice(resource, v)));
            }
            nbd = new NbdServer(exports);
            nbd.listenUnix(nbdSocket(run, name));
            if (settings.me().nbdExport().isPresent()) {
                String a = settings.me().nbdExport().get();
                int colon = a.lastIndexOf(':');
                nbd.listenTcp(new InetSocketAddress(a.substring(0, colon).replace("[", "").replace("]", ""),
                        Integer.parseInt(a.substring(colon + 1))));
            }
            resource.setOpenCount(nbd::connectionCount);
            resource.setHandlers(new HandlerRunner(rc.effective(Section.HANDLERS)));
            PidFile pid = new PidFile(dir.resolve(name + ".pid"));
            pid.writeCurrent();
            NodeDaemon[] self = new NodeDaemon[1];
            DaemonCommands commands = new DaemonCommands(resource, nanoClock, () -> self[0].stopLater());
            ControlServer control = ControlServer.start(controlSocket(run, name), commands::run);
            self[0] = new NodeDaemon(resource, nbd, control, pid);
            resource.connect(false);
            return self[0];
        } catch (IOException | RuntimeException e) {
            if (nbd != null) {
                nbd.close();
            }
            resource.close();
            throw e;
        }
    }

    /** The resource. */
    public Resource resource() {
        return resource;
    }

    /** The NBD server. */
    public NbdServer nbd() {
        return nbd;
    }

    private void stopLater() {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close();
        });
    }

    /** Waits until the daemon is stopped (by down). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Whether the daemon has stopped. */
    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    @Override
    public synchronized void close() {
        if (isStopped()) {
            return;
        }
        control.close();
        nbd.close();
        try {
            resource.close();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(NodeDaemon.class).warn("detaching {}: {}", resource.name(), e.toString());
        }
        try {
            pidFile.removeIfOurs();
        } catch (IOException e) {
            // the PID file is advisory
        }
        stopped.countDown();
    }
}
