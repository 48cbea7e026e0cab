package org.jvs.drbd.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.nbd.BlockIoException;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.DiskState;
import org.jvs.drbd.state.Role;
import org.jvs.drbd.state.StateChangeException;

/** Two nodes in this JVM: sync, protocol completion points, resync after disconnect, split brain, auth, verify. */
class ReplicationTest {
    private static final long SIZE = 16L << 20;
    @TempDir
    Path dir;

    @Test
    void freshPairConnectsInconsistentThenForcedPrimaryFullySyncsThePeer() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "", "")) {
            n.startBoth();
            TwoNodes.await("connected", () -> n.a.replicationState(0) == ConnectionState.CONNECTED
                    && n.b.replicationState(0) == ConnectionState.CONNECTED);
            assertThat(n.a.volume(0).disk()).isEqualTo(DiskState.INCONSISTENT);
            byte[] data = new byte[1 << 20];
            new Random(3).nextBytes(data);
            Files.write(n.diskA, data, StandardOpenOption.WRITE);

            n.a.primary(true);

            TwoNodes.await("synced", () -> StatusFormat.settled(n.a) && StatusFormat.settled(n.b));
            assertThat(n.a.role()).isEqualTo(Role.PRIMARY);
            assertThat(n.b.peerRole()).isEqualTo(Role.PRIMARY);
            assertThat(dataArea(n.b.volume(0))).isEqualTo(dataArea(n.a.volume(0)));
            assertThat(n.b.recentLog()).anyMatch(l -> l.contains("uuid_compare()=-2 by rule 20"))
                    .anyMatch(l -> l.contains("Began resync as SyncTarget (will sync 16344 KB [4086 bits set])."));
            GenerationIds ua = n.a.volume(0).uuids();
            GenerationIds ub = n.b.volume(0).uuids();
            assertThat(GenerationIds.base(ub.current())).isEqualTo(GenerationIds.base(ua.current()));
            assertThat(ua.bitmap()).isZero();
            assertThat(ub.bitmap()).isZero();
        }
    }

    @Test
    void protocolCWriteIsOnThePeerWhenItCompletes() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "protocol C;", "")) {
            n.startSyncedWithAlphaPrimary();
            ReplicatedDevice dev = new ReplicatedDevice(n.a, n.a.volume(0));
            Random rnd = new Random(5);
            try (RandomAccessFile peerDisk = new RandomAccessFile(n.diskB.toFile(), "r")) {
                for (int i = 0; i < 300; i++) {
                    byte[] block = new byte[4096];
                    rnd.nextBytes(block);
                    long offset = 4096L * rnd.nextInt((int) (SIZE / 4096 / 2));
                    dev.write(offset, ByteBuffer.wrap(block), false);
                    byte[] seen = new byte[4096];
                    peerDisk.seek(offset);
                    peerDisk.readFully(seen);
                    assertThat(seen).as("write %d at %d on the peer once acknowledged", i, offset).isEqualTo(block);
                }
            }
            assertThat(n.a.volume(0).bitmap().weight()).isZero();
        }
    }

    @Test
    void secondaryRefusesIoAndBecomingSecondaryIsRefusedWhileInUse() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "", "")) {
            n.startSyncedWithAlphaPrimary();
            ReplicatedDevice onB = new ReplicatedDevice(n.b, n.b.volume(0));

            assertThat(onB.unavailable()).hasValueSatisfying(s -> assertThat(s).contains("Secondary"));
            assertThatThrownBy(() -> onB.write(0, ByteBuffer.allocate(512), false)).isInstanceOf(BlockIoException.class)
                    .satisfies(e -> assertThat(((BlockIoException) e).error()).isEqualTo(1));
            assertThatThrownBy(() -> n.b.primary(false)).isInstanceOf(StateChangeException.class)
                    .hasMessage("Multiple primaries not allowed by config");
            n.a.setOpenCount(() -> 1);
            assertThatThrownBy(n.a::secondary).hasMessage("Device is held open by someone");
        }
    }

    @Test
    void writesWhileDisconnectedAreResyncedFromTheBitmapOnly() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "", "")) {
            n.startSyncedWithAlphaPrimary();
            ReplicatedDevice dev = new ReplicatedDevice(n.a, n.a.volume(0));
            n.b.disconnect();
            TwoNodes.await("alpha lost the peer", () -> n.a.connectionState() != ConnectionState.CONNECTED);
            byte[] chunk = new byte[256 * 1024];
            Random rnd = new Random(9);
            for (int i = 0; i < 16; i++) {
                rnd.nextBytes(chunk);
                dev.write((long) i * (1 << 20), ByteBuffer.wrap(chunk), false);
            }
            long dirty = n.a.volume(0).bitmap().weight();
            assertThat(dirty).isEqualTo(16 * 64);
            GenerationIds before = n.a.volume(0).uuids();
            assertThat(before.bitmap()).as("a new generation started when the peer went").isNotZero();
            long sentBefore = n.a.volume(0).stats().netSent.get();

            n.b.connect(false);

            TwoNodes.await("resynced", () -> StatusFormat.settled(n.a) && StatusFormat.settled(n.b));
            long moved = n.a.volume(0).stats().netSent.get() - sentBefore;
            assertThat(moved).isEqualTo(dirty * 4096);
            assertThat(n.b.recentLog()).anyMatch(l -> l.contains("uuid_compare()=-1 by rule 50"))
                    .anyMatch(l -> l.contains("will sync 4096 KB [1024 bits set]"));
            assertThat(dataArea(n.b.volume(0))).isEqualTo(dataArea(n.a.volume(0)));
        }
    }

    @Test
    void splitBrainIsDetectedAndLeftStandAloneThenRecoveredWithDiscardMyData() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "", "")) {
            n.startSyncedWithAlphaPrimary();
            n.b.disconnect();
            n.a.disconnect();
            n.b.primary(false);
            new ReplicatedDevice(n.a, n.a.volume(0)).write(0, ByteBuffer.wrap(new byte[4096]).put(0, (byte) 1), false);
            new ReplicatedDevice(n.b, n.b.volume(0)).write(8192, ByteBuffer.wrap(new byte[4096]).put(0, (byte) 2), false);

            n.a.connect(false);
            n.b.connect(false);

            TwoNodes.await("both StandAlone", () -> n.a.connectionState() == ConnectionState.STAND_ALONE
                    && n.b.connectionState() == ConnectionState.STAND_ALONE
                    && n.b.recentLog().stream().anyMatch(l -> l.contains("Split-Brain")));
            assertThat(n.a.recentLog()).anyMatch(l -> l.contains("uuid_compare()=100 by rule 90"))
                    .anyMatch(l -> l.endsWith("Split-Brain detected but unresolved, dropping connection!"));

            n.b.secondary();
            n.b.connect(true);
            n.a.connect(false);

            TwoNodes.await("recovered", () -> StatusFormat.settled(n.a) && StatusFormat.settled(n.b));
            assertThat(n.b.recentLog()).anyMatch(l -> l.contains("Split-Brain detected, manually solved. Sync from peer node"));
            assertThat(dataArea(n.b.volume(0))).isEqualTo(dataArea(n.a.volume(0)));
            assertThat(dataArea(n.b.volume(0))[8192]).isZero();
            assertThat(dataArea(n.b.volume(0))[0]).isEqualTo((byte) 1);
        }
    }

    @Test
    void afterSb0priDiscardZeroChangesSyncsFromTheNodeThatWrote() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "after-sb-0pri discard-zero-changes;", "")) {
            n.startSyncedWithAlphaPrimary();
            n.b.disconnect();
            n.a.disconnect();
            new ReplicatedDevice(n.a, n.a.volume(0)).write(0, ByteBuffer.wrap(new byte[4096]).put(0, (byte) 7), false);
            n.a.secondary();
            n.b.primary(false);
            n.b.secondary();

            n.a.connect(false);
            n.b.connect(false);

            TwoNodes.await("auto-recovered", () -> StatusFormat.settled(n.a) && StatusFormat.settled(n.b));
            assertThat(n.b.recentLog())
                    .anyMatch(l -> l.contains("Split-Brain detected, 0 primaries, automatically solved. Sync from peer node"));
            assertThat(dataArea(n.b.volume(0))[0]).isEqualTo((byte) 7);
        }
    }

    @Test
    void peerWithTheWrongSharedSecretIsRefused() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "cram-hmac-alg sha1; shared-secret right;",
                "cram-hmac-alg sha1; shared-secret wrong;", "")) {
            n.startBoth();

            TwoNodes.await("both StandAlone", () -> n.a.connectionState() == ConnectionState.STAND_ALONE
                    && n.b.connectionState() == ConnectionState.STAND_ALONE);
            assertThat(n.a.recentLog()).anyMatch(l -> l.endsWith("Authentication of peer failed"));
            assertThat(n.b.recentLog()).anyMatch(l -> l.endsWith("Authentication of peer failed"));
        }
    }

    @Test
    void peerWithTheRightSharedSecretIsAuthenticated() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "cram-hmac-alg sha256; shared-secret \"Foo Fun\";", "")) {
            n.startBoth();

            TwoNodes.await("connected", () -> n.a.connectionState() == ConnectionState.CONNECTED);
            assertThat(n.a.recentLog()).anyMatch(l -> l.endsWith("Peer authenticated using 32 bytes HMAC"));
        }
    }

    @Test
    void verifyFindsABlockChangedBehindDrbdsBackAndReconnectingResyncsIt() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "verify-alg crc32c;", "")) {
            n.startSyncedWithAlphaPrimary();
            ReplicatedDevice dev = new ReplicatedDevice(n.a, n.a.volume(0));
            byte[] data = new byte[1 << 20];
            new Random(2).nextBytes(data);
            dev.write(0, ByteBuffer.wrap(data), false);
            dev.flush();
            try (RandomAccessFile f = new RandomAccessFile(n.diskB.toFile(), "rw")) {
                f.seek(3 * 4096 + 17);
                f.write(0x42 ^ data[3 * 4096 + 17]);
            }

            n.a.verify();

            TwoNodes.await("verify done", () -> n.a.lastVerifyFound(0) >= 0 && n.b.lastVerifyFound(0) >= 0);
            assertThat(n.a.lastVerifyFound(0)).isEqualTo(1);
            assertThat(n.a.recentLog()).anyMatch(l -> l.endsWith("Out of sync: start=24, size=8 (sectors)"))
                    .anyMatch(l -> l.endsWith("Online verify found 1 4k block out of sync!"));
            assertThat(n.b.volume(0).bitmap().isSet(3)).isTrue();

            n.a.disconnect();
            n.a.connect(false);

            TwoNodes.await("resynced", () -> StatusFormat.settled(n.a) && StatusFormat.settled(n.b)
                    && n.a.volume(0).bitmap().weight() == 0);
            assertThat(dataArea(n.b.volume(0))).isEqualTo(dataArea(n.a.volume(0)));
        }
    }

    @Test
    void checksumResyncSendsOnlyBlocksThatDiffer() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "csums-alg md5;", "")) {
            n.startSyncedWithAlphaPrimary();
            ReplicatedDevice dev = new ReplicatedDevice(n.a, n.a.volume(0));
            n.b.disconnect();
            TwoNodes.await("alpha lost the peer", () -> n.a.connectionState() != ConnectionState.CONNECTED);
            byte[] same = new byte[4096];
            for (int i = 0; i < 64; i++) {
                dev.write(4096L * i, ByteBuffer.wrap(same), false);
            }
            dev.write(4096L * 100, ByteBuffer.wrap(new byte[4096]).put(0, (byte) 9), false);
            long sentBefore = n.a.volume(0).stats().netSent.get();

            n.b.connect(false);

            TwoNodes.await("resynced", () -> StatusFormat.settled(n.a) && StatusFormat.settled(n.b));
            assertThat(n.a.volume(0).stats().netSent.get() - sentBefore).isEqualTo(4096);
            assertThat(dataArea(n.b.volume(0))).isEqualTo(dataArea(n.a.volume(0)));
        }
    }

    static byte[] dataArea(Volume v) throws Exception {
        ByteBuffer b = ByteBuffer.allocate((int) v.size());
        v.read(0, b);
        return b.array();
    }
}
