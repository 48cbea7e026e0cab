#!/usr/bin/env bash
# jvs drbd through its NBD export, in one run on the same backing files, reported as ratios:
#   - sequential 1 MiB writes (nbdcopy --flush of a file of random data) and 4 KiB random writes
#     (a small pipelined NBD writer, 16 in flight, FLUSH at the end) through the Primary's export
#     with protocol C connected versus the same volume disconnected;
#   - the jvs export (disconnected, so only the local path) versus nbdkit's file plugin serving the
#     same backing file, with the same nbdcopy;
#   - a full initial sync and a bitmap resync (after the disconnected writes) versus cp of the file
#     (cp --sparse=never, then sync of the copy);
#   - online verify (verify-alg crc32c) of the whole volume.
# Each write measurement alternates connected and disconnected ROUNDS times (after one untimed
# warm-up round) and prints every figure, so the noise of this shared machine shows; the full
# initial sync is the daemons' first work and runs cold. Both nodes run in one network namespace of
# their own, on 127.0.0.1 and 127.0.0.2, each with its own host name (unshare --uts), as two
# `jvs drbdadm up` daemons. Backing files live in DIR (default: a fresh directory under /dev/shm,
# so the figures are the software path, not this VM's disk; give a directory on a disk to see it).
# Resync runs at a fixed rate above what the link can carry (c-plan-ahead 0; resync-rate 4G, the
# user guide's temporary speed-up): DRBD's default controller would cap it at 100 MiB/s.
# Needs root (namespaces), Java 25, nbdcopy (libnbd-bin) and nbdkit.
# Usage: bench/drbd-throughput.sh [size-MiB=256] [rounds=3] [DIR]
#        JFR=DIR records both daemons with Java Flight Recorder (settings=profile) into DIR.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
mib=${1:-256}
rounds=${2:-3}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[ "$(id -u)" = 0 ] || { echo "needs root (network and UTS namespaces)" >&2; exit 1; }
[ -x "$java" ] || { echo "needs Java 25: set JAVA_HOME" >&2; exit 1; }
[ -f "$top/jvs-cli/target/jvs.jar" ] || { echo "build first: ./mvnw -q -pl jvs-cli -am install -DskipTests" >&2; exit 1; }
for t in nbdcopy nbdkit; do
    command -v $t > /dev/null || { echo "needs $t (apt-get install libnbd-bin nbdkit)" >&2; exit 1; }
done

ns=jvsdrb$$
work=$(mktemp -d)
data=${3:-}
if [ -z "$data" ]; then
    data=$(mktemp -d /dev/shm/jvsdrb.XXXXXX)
    own_data=$data
fi
cleanup() {
    for h in alpha beta; do
        [ -f "$work/$h/drbd/r0.pid" ] && kill -9 "$(cat "$work/$h/drbd/r0.pid")" 2> /dev/null || true
    done
    [ -f "$work/nbdkit.pid" ] && kill "$(cat "$work/nbdkit.pid")" 2> /dev/null || true
    ip netns pids "$ns" 2> /dev/null | xargs -r kill -9 2> /dev/null || true
    ip netns del "$ns" 2> /dev/null || true
    rm -rf "$work" "${own_data:-}" "$data/alpha.img" "$data/beta.img" "$data/copy.img"
}
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" addr add 127.0.0.2/8 dev lo 2> /dev/null || true

# The data area is SIZE; internal metadata needs a little more (32 KiB per GiB of bitmap + AL).
bytes=$((mib << 20))
for h in alpha beta; do
    truncate -s $((bytes + (4 << 20))) "$data/$h.img"
    mkdir -p "$work/$h"
done
cat > "$work/drbd.conf" <<CONF
resource r0 {
  net { protocol C; verify-alg crc32c; }
  disk { c-plan-ahead 0; resync-rate 4G; }
  on alpha { device /dev/drbd1; disk $data/alpha.img; meta-disk internal; address 127.0.0.1:7789; }
  on beta  { device /dev/drbd1; disk $data/beta.img;  meta-disk internal; address 127.0.0.2:7789; }
}
CONF
# drbdadm as node HOST: its host name, its run directory, inside the namespace.
node() {
    local h=$1
    shift
    JVS_RUN_DIR="$work/$h" nsenter --net="/run/netns/$ns" unshare --uts \
        sh -c 'hostname "$0"; exec "$@"' "$h" "$top/bin/jvs" drbdadm -c "$work/drbd.conf" "$@"
}
# Starts the node's daemon (drbdadm up), under the flight recorder when JFR is set.
up() {
    if [ -n "${JFR:-}" ]; then
        JDK_JAVA_OPTIONS="-XX:StartFlightRecording=filename=$JFR/$1.jfr,settings=profile" node "$1" up r0 > /dev/null 2>&1
    else
        node "$1" up r0
    fi
}
# Waits until the node's daemon log has had LINE since mark; prints seconds since mark.
log_of() { echo "$work/$1/drbd/r0.log"; }
wait_log() { # host pattern count timeout-s
    local f
    f=$(log_of "$1")
    for _ in $(seq $(($4 * 20))); do
        [ "$(grep -c -- "$2" "$f" 2> /dev/null || true)" -ge "$3" ] && return 0
        sleep 0.05
    done
    echo "timed out waiting for '$2' on $1; log:" >&2
    tail -20 "$f" >&2
    exit 1
}
now() { date +%s.%N; }
# MiB/s of the last resync (or verify) in the node's log: its size over the time between the lines
# that began and ended it (the daemon's millisecond timestamps), so daemon start and connect do not count.
logged_rate() { # host begin-pattern end-pattern
    python3 - "$(log_of "$1")" "$2" "$3" "$bytes" <<'PY'
import re, sys, datetime
log, begin, end, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def ts(line):
    return datetime.datetime.fromisoformat(line.split()[0].replace("Z", "+00:00")).timestamp()
t0 = t1 = None
for line in open(log):
    if begin in line:
        t0, t1 = ts(line), None
        m = re.search(r"will sync (\d+) KB", line)
        size = int(m.group(1)) * 1024 if m else size
    elif end in line and t0 is not None:
        t1 = ts(line)
print("%d" % (size / 1048576 / max(t1 - t0, 0.001)))
PY
}
rate() { echo "scale=0; $1 / ($3 - $2)" | bc; }   # MiB from to -> MiB/s
ratio() { echo "scale=2; $1 / $2" | bc; }

cat > "$work/NbdRandomWriter.java" <<'JAVA'
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;

/**
 * Usage: java NbdRandomWriter.java SOCKET EXPORT COUNT BLOCK DEPTH. Fixed-newstyle handshake
 * (OPT_GO), then COUNT writes of BLOCK bytes of random data at random BLOCK-aligned offsets with
 * DEPTH requests in flight, then FLUSH and DISC; prints MiB/s and writes/s of the whole run.
 */
public class NbdRandomWriter {
    public static void main(String[] a) throws Exception {
        String export = a[1];
        int count = Integer.parseInt(a[2]);
        int block = Integer.parseInt(a[3]);
        int depth = Integer.parseInt(a[4]);
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(a[0]))) {
            ByteBuffer in = ByteBuffer.allocate(18);
            read(s, in);
            write(s, ByteBuffer.allocate(4).putInt(3).flip());   // FIXED_NEWSTYLE | NO_ZEROES
            byte[] name = export.getBytes();
            write(s, ByteBuffer.allocate(16 + 4 + name.length + 2).putLong(0x49484156454F5054L).putInt(7)
                    .putInt(4 + name.length + 2).putInt(name.length).put(name).putShort((short) 0).flip());
            long size = -1;
            while (true) {
                ByteBuffer h = ByteBuffer.allocate(20);
                read(s, h);
                h.flip();
                h.getLong();
                h.getInt();
                int type = h.getInt();
                ByteBuffer body = ByteBuffer.allocate(h.getInt());
                read(s, body);
                body.flip();
                if (type == 1) {
                    break;
                }
                if (type == 3 && body.getShort() == 0) {
                    size = body.getLong();
                }
                if (type < 0) {
                    throw new IOException("OPT_GO refused: " + Integer.toHexString(type));
                }
            }
            long blocks = size / block;
            SplittableRandom rnd = new SplittableRandom(42);
            byte[] payload = new byte[block * 64];
            rnd.nextBytes(payload);
            ByteBuffer reply = ByteBuffer.allocate(16);
            long t0 = System.nanoTime();
            int sent = 0;
            int done = 0;
            ByteBuffer req = ByteBuffer.allocateDirect(28 + block);
            while (done < count) {
                while (sent < count && sent - done < depth) {
                    req.clear().putInt(0x25609513).putShort((short) 0).putShort((short) 1).putLong(sent)
                            .putLong(rnd.nextLong(blocks) * block).putInt(block)
                            .put(payload, (sent % 64) * block, block).flip();
                    write(s, req);
                    sent++;
                }
                reply.clear();
                read(s, reply);
                if (reply.getInt(4) != 0) {
                    throw new IOException("write failed: error " + reply.getInt(4));
                }
                done++;
            }
            write(s, ByteBuffer.allocate(28).putInt(0x25609513).putShort((short) 0).putShort((short) 3).putLong(-1)
                    .putLong(0).putInt(0).flip());
            reply.clear();
            read(s, reply);
            double secs = (System.nanoTime() - t0) / 1e9;
            write(s, ByteBuffer.allocate(28).putInt(0x25609513).putShort((short) 0).putShort((short) 2).putLong(-2)
                    .putLong(0).putInt(0).flip());
            System.out.printf("%.0f %.0f%n", (double) count * block / (1 << 20) / secs, count / secs);
        }
    }

    static void read(SocketChannel s, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (s.read(b) < 0) {
                throw new IOException("server closed the connection");
            }
        }
    }

    static void write(SocketChannel s, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            s.write(b);
        }
    }
}
JAVA
"${java%/java}/javac" -d "$work/classes" "$work/NbdRandomWriter.java"
random_writes() { # socket export -> "MiB/s writes/s"
    "$java" -cp "$work/classes" NbdRandomWriter "$1" "$2" "$((bytes / 4096 / 4))" 4096 16
}
head -c "$bytes" /dev/urandom > "$work/random.bin"
seq_writes() { # uri -> MiB/s
    local t0 t1
    t0=$(now)
    nbdcopy --flush --request-size=1048576 "$work/random.bin" "$1"
    t1=$(now)
    rate "$mib" "$t0" "$t1"
}

echo "== $mib MiB volume, backing files in $data"
node alpha create-md r0 > /dev/null 2>&1
node beta create-md r0 > /dev/null 2>&1
up alpha
node alpha primary --force r0
uri=$(node alpha sh-dev r0)
sock=${uri#*socket=}
export_name=${uri#nbd+unix:///}
export_name=${export_name%%\?*}
# Fill the volume (disconnected) so the full sync and cp copy real data.
seq_writes "$uri" > /dev/null

up beta
wait_log beta "Resync done" 1 600
full_sync=$(logged_rate alpha "Began resync" "Resync done")
t0=$(now)
cp --sparse=never "$data/alpha.img" "$data/copy.img"
sync "$data/copy.img"
t1=$(now)
cp_rate=$(rate "$(( $(stat -c %s "$data/alpha.img") >> 20 ))" "$t0" "$t1")
rm -f "$data/copy.img"

# One untimed round first: both daemons' JIT compilers warm up on the write path.
seq_writes "$uri" > /dev/null
random_writes "$sock" "$export_name" > /dev/null
declare -a cs cr ds dr bm_sync
resyncs=$(grep -c "Resync done" "$(log_of alpha)")
for r in $(seq "$rounds"); do
    cs+=("$(seq_writes "$uri")")
    cr+=("$(random_writes "$sock" "$export_name")")
    node alpha disconnect r0
    ds+=("$(seq_writes "$uri")")
    dr+=("$(random_writes "$sock" "$export_name")")
    node alpha connect r0
    resyncs=$((resyncs + 1))
    wait_log alpha "Resync done" "$resyncs" 600
    bm_sync+=("$(logged_rate alpha "Began resync" "Resync done")")
done

node alpha verify r0
wait_log alpha "Online verify done" 1 600
verify=$(logged_rate alpha "Starting Online Verify" "Online verify done")
oos=$(grep -c "Online verify found" "$(log_of alpha)" || true)

node alpha disconnect r0
declare -a js ks
for r in $(seq "$rounds"); do
    js+=("$(seq_writes "$uri")")
done
node alpha down r0
node beta down r0
nbdkit --exit-with-parent -U "$work/nbdkit.sock" -P "$work/nbdkit.pid" file "$data/alpha.img" &
for _ in $(seq 100); do [ -S "$work/nbdkit.sock" ] && break; sleep 0.05; done
for r in $(seq "$rounds"); do
    ks+=("$(seq_writes "nbd+unix:///?socket=$work/nbdkit.sock")")
done
kill "$(cat "$work/nbdkit.pid")"

echo
echo "Writes through the Primary's NBD export, protocol C (MiB/s per round):"
printf '  %-28s %-24s %-24s %s\n' "" connected disconnected "ratio (round by round)"
sr=""; rr=""
for i in $(seq 0 $((rounds - 1))); do
    sr+="$(ratio "${cs[$i]}" "${ds[$i]}") "
    rr+="$(ratio "${cr[$i]%% *}" "${dr[$i]%% *}") "
done
printf '  %-28s %-24s %-24s %s\n' "sequential 1 MiB (nbdcopy)" "${cs[*]}" "${ds[*]}" "$sr"
printf '  %-28s %-24s %-24s %s\n' "random 4 KiB, 16 in flight" "$(for x in "${cr[@]}"; do printf '%s ' "${x%% *}"; done)" \
    "$(for x in "${dr[@]}"; do printf '%s ' "${x%% *}"; done)" "$rr"
echo "  (random 4 KiB writes/s connected: $(for x in "${cr[@]}"; do printf '%s ' "${x##* }"; done)disconnected: $(for x in "${dr[@]}"; do printf '%s ' "${x##* }"; done))"
echo
echo "Sequential 1 MiB writes (nbdcopy --flush), same backing file, MiB/s per round:"
kr=""
for i in $(seq 0 $((rounds - 1))); do kr+="$(ratio "${js[$i]}" "${ks[$i]}") "; done
printf '  %-28s %-24s %-24s %s\n' "" "jvs (StandAlone)" "nbdkit file" "jvs/nbdkit"
printf '  %-28s %-24s %-24s %s\n' "" "${js[*]}" "${ks[*]}" "$kr"
echo
echo "Resync and verify of $mib MiB (MiB/s):"
printf '  %-28s %s\n' "full initial sync" "$full_sync"
printf '  %-28s %s\n' "bitmap resync (per round)" "${bm_sync[*]}"
printf '  %-28s %s\n' "cp of the backing file" "$cp_rate"
printf '  %-28s %s\n' "full sync / cp" "$(ratio "$full_sync" "$cp_rate")"
printf '  %-28s %s (%s)\n' "online verify (crc32c)" "$verify" "$([ "$oos" = 0 ] && echo "0 out of sync" || echo "found blocks out of sync!")"
