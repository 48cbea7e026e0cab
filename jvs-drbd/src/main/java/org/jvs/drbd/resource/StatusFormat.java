package org.jvs.drbd.resource;

import java.util.List;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.device.VolumeStats;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.DiskState;

/**
 * The two status views of a resource: {@code drbdadm status} as DRBD 9's drbdsetup prints it, and
 * the per-minor lines of DRBD 8.4's /proc/drbd with the resync progress bar, percentage, finish
 * estimate and speeds (numbers with DRBD's thousands grouping). Stateless; thread-safe.
 */
public final class StatusFormat {
    /** The first line of /proc/drbd. */
    public static final String PROC_VERSION = "version: 8.4.11 (api:1/proto:86-101)\nsrcversion: jvs-drbd\n";

    private StatusFormat() {
    }

    /** {@code drbdadm status RESOURCE}. */
    public static String status(Resource r, long nowNs) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.name()).append(" role:").append(r.role().label()).append('\n');
        List<Volume> vols = r.volumes();
        boolean single = vols.size() == 1 && vols.getFirst().number() == 0;
        for (Volume v : vols) {
            sb.append("  ").append(single ? "" : "volume:" + v.number() + " ").append("disk:").append(v.disk().label())
                    .append('\n');
        }
        ConnectionState cs = r.connectionState();
        String peer = r.settings().peerName();
        if (cs != ConnectionState.CONNECTED) {
            sb.append("  ").append(peer).append(" connection:").append(cs.connection9()).append('\n');
            return sb.toString();
        }
        sb.append("  ").append(peer).append(" role:").append(r.peerRole().label()).append('\n');
        for (Volume v : vols) {
            ConnectionState rs = r.replicationState(v.number());
            StringBuilder line = new StringBuilder("    ");
            if (!single) {
                line.append("volume:").append(v.number()).append(' ');
            }
            if (rs != ConnectionState.CONNECTED) {
                line.append("replication:").append(rs.replication9()).append(' ');
            }
            line.append("peer-disk:").append(r.peerDisk(v.number()).label());
            if (rs.syncing() || rs.verifying()) {
                line.append(String.format(" done:%.2f", done(r, v, rs) / 10.0));
            }
            if (rs == ConnectionState.PAUSED_SYNC_S || rs == ConnectionState.PAUSED_SYNC_T) {
                line.append(" resync-suspended:user");
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** The percentage done in tenths (DRBD's per-mil). */
    private static long done(Resource r, Volume v, ConnectionState rs) {
        SyncProgress p = r.peerDevice(v.number()).map(PeerDevice::progress).orElse(null);
        if (p == null) {
            return 0;
        }
        return perMil(p.totalBlocks(), left(r, v, rs, p));
    }

    private static long left(Resource r, Volume v, ConnectionState rs, SyncProgress p) {
        if (rs.verifying()) {
            long checked = r.verifyChecked(v.number());
            if (checked < 0) {
                checked = r.peerDevice(v.number()).map(pd -> pd.verifiedBlocks().get()).orElse(0L);
            }
            return Math.max(0, p.totalBlocks() - checked);
        }
        return v.bitmap().weight();
    }

    /** drbd_get_syncer_progress: 1000 - left*1000/(1+total), scaled to avoid overflow. */
    static long perMil(long total, long left) {
        if (left > total) {
            return total == 0 ? 1000 : 0;
        }
        int shift = total > 0xffffffffL ? 16 : 10;
        return 1000 - (left >> shift) * 1000 / (1 + (total >> shift));
    }

    /** The /proc/drbd lines of every volume of {@code r}. */
    public static String proc(Resource r, long nowNs) {
        StringBuilder sb = new StringBuilder();
        for (Volume v : r.volumes()) {
            ConnectionState cs = r.replicationState(v.number());
            boolean net = cs != ConnectionState.STAND_ALONE;
            PeerDevice pd = r.peerDevice(v.number()).orElse(null);
            boolean peerPaused = pd != null && pd.peerPaused();
            boolean userPaused = pd != null && pd.userPaused();
            sb.append(String.format("%2d: cs:%s ro:%s/%s ds:%s/%s %c %c%c%c%c%c%c%n", v.config().minor(), cs.label(),
                    r.role().label(), r.peerRole().label(), v.disk().label(), r.peerDisk(v.number()).label(),
                    net ? r.settings().protocol() : ' ', 'r', '-', peerPaused ? 'p' : '-', userPaused ? 'u' : '-', '-', '-'));
            VolumeStats s = v.stats();
            int pending = r.transferLog().map(t -> t.pending()).orElse(0);
            int epochs = r.transferLog().map(t -> t.openEpochs()).orElse(1);
            sb.append(String.format("    ns:%d nr:%d dw:%d dr:%d al:%d bm:%d lo:%d pe:%d ua:%d ap:%d ep:%d wo:%c oos:%d%n",
                    s.netSent.get() >> 10, s.netReceived.get() >> 10, s.diskWritten.get() >> 10, s.diskRead.get() >> 10,
                    v.activityLog().transactions(), s.bitmapWrites.get(), s.localPending.get(), pending,
                    s.unacked.get(), s.appPending.get(), epochs, r.settings().diskFlushes() ? 'f' : 'd',
                    v.bitmap().weight() * 4));
            if ((cs.syncing() || cs.verifying()) && pd != null && pd.progress() != null) {
                progress(sb, r, v, cs, pd.progress(), nowNs);
            }
        }
        return sb.toString().replace(System.lineSeparator(), "\n");
    }

    private static void progress(StringBuilder sb, Resource r, Volume v, ConnectionState cs, SyncProgress p, long nowNs) {
        long total = p.totalBlocks();
        long left = left(r, v, cs, p);
        long res = perMil(total, left);
        int x = (int) (res / 50);
        sb.append("\t[").append("=".repeat(Math.max(0, x - 1))).append('>').append(".".repeat(20 - x)).append("] ");
        sb.append(cs.verifying() ? "verified:" : "sync'ed:");
        sb.append(String.format("%3d.%d%% ", res / 10, res % 10));
        if (total > (4L << 18)) {
            sb.append('(').append((left >> 10) * 4).append('/').append((total >> 10) * 4).append(")M");
        } else {
            sb.append('(').append(left * 4).append('/').append(total * 4).append(")K");
        }
        sb.append("\n\t");
        long dt = p.windowSeconds(nowNs);
        long db = Math.max(0, p.windowLeft() - left);
        long rt = dt * (left / (db / 100 + 1)) / 100;
        sb.append(String.format("finish: %d:%02d:%02d", rt / 3600, (rt % 3600) / 60, rt % 60));
        sb.append(" speed: ").append(grouped(db / dt * 4)).append(" (").append(grouped(p.averageKiBps(left, nowNs)))
                .append(')');
        if (cs == ConnectionState.SYNC_TARGET || cs == ConnectionState.VERIFY_S) {
            long want = cs == ConnectionState.SYNC_TARGET ? r.wantRateKiB(v.number()) : r.settings().resyncRateKiB();
            sb.append(" want: ").append(grouped(want));
        }
        sb.append(" K/sec").append(p.stalled(nowNs) ? " (stalled)" : "").append('\n');
    }

    /** DRBD's thousands grouping: 33,904 and 1,234,567. */
    static String grouped(long v) {
        if (v >= 1_000_000) {
            return String.format("%d,%03d,%03d", v / 1_000_000, v % 1_000_000 / 1000, v % 1000);
        }
        if (v >= 1000) {
            return String.format("%d,%03d", v / 1000, v % 1000);
        }
        return Long.toString(v);
    }

    /** The role line of {@code drbdadm role}: Primary/Secondary. */
    public static String role(Resource r) {
        return r.role().label() + "/" + r.peerRole().label();
    }

    /** The line of {@code drbdadm dstate}: UpToDate/UpToDate per volume. */
    public static String dstate(Resource r) {
        StringBuilder sb = new StringBuilder();
        for (Volume v : r.volumes()) {
            sb.append(v.disk().label()).append('/').append(r.peerDisk(v.number()).label()).append('\n');
        }
        return sb.toString();
    }

    /** The lines of {@code drbdadm cstate}, one per volume. */
    public static String cstate(Resource r) {
        StringBuilder sb = new StringBuilder();
        for (Volume v : r.volumes()) {
            sb.append(r.replicationState(v.number()).label()).append('\n');
        }
        return sb.toString();
    }

    /** Whether every volume is in sync and UpToDate on both sides. */
    public static boolean settled(Resource r) {
        for (Volume v : r.volumes()) {
            if (r.replicationState(v.number()) != ConnectionState.CONNECTED || v.disk() != DiskState.UP_TO_DATE
                    || r.peerDisk(v.number()) != DiskState.UP_TO_DATE) {
                return false;
            }
        }
        return true;
    }
}
