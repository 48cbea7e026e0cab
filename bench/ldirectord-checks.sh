#!/usr/bin/env bash
# Health checks at scale: one ldirectord process checking CONNECT real servers with connect checks
# and HTTP real servers with http negotiate checks (request /health, receive OKAY), all on loopback
# addresses (127.1.x.y and 127.2.x.y, 100 per virtual service), checkinterval=1. A target server
# (Java NIO, one listener for every address) timestamps each check as it arrives and reports, over
# a window after a warm-up: checks per second, the cycle (gap between two checks of one real server)
# and the lateness of check starts (gap - checkinterval: p50/p90/p99/max), and the CPU of
# ldirectord, the director and itself (cores, from /proc/PID/stat, waited-for children included).
# The director (bin/jvs director --no-dataplane) starts with every real server in its table, so
# both ldirectords start from the same state and only check.
#
# Runs jvs ldirectord at the full size, then the real ldirectord (Debian package ldirectord, Perl,
# fork=no) and jvs again at REAL_CONNECT/REAL_HTTP. The real one cannot run at the full size: at
# start it lists the whole table twice (two ipvsadm runs, each a JVM here) for every real server,
# and it checks one server after the other, scanning its list of real servers after every check;
# with 1,100 real servers its start took 6.5 minutes and a pass 0.8 s (REAL_CONNECT=1000 REAL_HTTP=100).
# Needs root (a network namespace of its own), Java 25 and, for the comparison, ldirectord.
# Usage: bench/ldirectord-checks.sh [connect=10000] [http=1000] [window-s=30] [warmup-s=10]
#        REAL_CONNECT=200 REAL_HTTP=20 (0 skips the real one)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
connect=${1:-10000}
http=${2:-1000}
window=${3:-30}
warmup=${4:-10}
real_connect=${REAL_CONNECT:-200}
real_http=${REAL_HTTP:-20}
port=18080
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[ "$(id -u)" = 0 ] || { echo "needs root (network namespace)" >&2; exit 1; }
[ -x "$java" ] || { echo "needs Java 25: set JAVA_HOME" >&2; exit 1; }
[ -f "$top/jvs-cli/target/jvs.jar" ] || { echo "build first: ./mvnw -q -pl jvs-cli -am install -DskipTests" >&2; exit 1; }

ns=jvsldb$$
work=$(mktemp -d)
cleanup() {
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
in_ns() { nsenter --net="/run/netns/$ns" "$@"; }
in_ns ip link set lo up
# One listener stands for thousands of servers: give it the backlog they would have together.
in_ns sysctl -qw net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535 \
    net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_tw_reuse=1
mkdir -p "$work/bin" && ln -s "$top/bin/jvs" "$work/bin/ipvsadm"

cat > "$work/CheckTargets.java" <<'JAVA'
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Usage: java CheckTargets.java PORT WARMUP_S WINDOW_S INTERVAL_MS PIDFILE... (see the script). */
public class CheckTargets {
    static final byte[] OK = "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nOKAY\n"
            .getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long warmupNs = Long.parseLong(args[1]) * 1_000_000_000L;
        long windowNs = Long.parseLong(args[2]) * 1_000_000_000L;
        long intervalNs = Long.parseLong(args[3]) * 1_000_000L;
        Path[] pidFiles = Arrays.stream(args, 4, args.length).map(Path::of).toArray(Path[]::new);
        int[] addr = new int[1 << 20];
        long[] when = new long[1 << 20];
        int n = 0;
        Selector sel = Selector.open();
        ServerSocketChannel ss = ServerSocketChannel.open();
        ss.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ss.bind(new InetSocketAddress("0.0.0.0", port), 65535);
        ss.configureBlocking(false);
        ss.register(sel, SelectionKey.OP_ACCEPT);
        System.out.println("listening");
        long start = Long.MAX_VALUE;
        long end = Long.MAX_VALUE;
        long[] cpuStart = null;
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (true) {
            long now = System.nanoTime();
            if (cpuStart == null && now >= start) {
                cpuStart = cpu(pidFiles);
            }
            if (now >= end) {
                break;
            }
            long next = cpuStart == null ? start : end;
            sel.select(next == Long.MAX_VALUE ? 0 : Math.max(1, Math.min(100, (next - now) / 1_000_000)));
            for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey k = it.next();
                it.remove();
                if (k.isAcceptable()) {
                    SocketChannel c;
                    while ((c = ss.accept()) != null) {
                        long t = System.nanoTime();
                        if (start == Long.MAX_VALUE) {
                            start = t + warmupNs;
                            end = start + windowNs;
                            System.out.println("first check");
                        }
                        byte[] a = ((InetSocketAddress) c.getLocalAddress()).getAddress().getAddress();
                        if (n == addr.length) {
                            addr = Arrays.copyOf(addr, n * 2);
                            when = Arrays.copyOf(when, n * 2);
                        }
                        addr[n] = (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
                        when[n++] = t;
                        if (a[1] == 2) {
                            c.configureBlocking(false);
                            c.register(sel, SelectionKey.OP_READ, new StringBuilder());
                        } else {
                            c.close();
                        }
                    }
                } else if (k.isReadable()) {
                    SocketChannel c = (SocketChannel) k.channel();
                    StringBuilder request = (StringBuilder) k.attachment();
                    buf.clear();
                    int r;
                    try {
                        r = c.read(buf);
                    } catch (IOException e) {
                        r = -1;
                    }
                    if (r > 0) {
                        request.append(new String(buf.array(), 0, r, StandardCharsets.ISO_8859_1));
                    }
                    boolean complete = request.indexOf("\r\n\r\n") >= 0;
                    if (r < 0 || complete) {
                        if (complete) {
                            try {
                                c.write(ByteBuffer.wrap(OK));
                            } catch (IOException e) {
                                // the checker gave up
                            }
                        }
                        k.cancel();
                        c.close();
                    }
                }
            }
        }
        report(addr, when, n, start, end, intervalNs, cpuStart, cpu(pidFiles), pidFiles);
    }

    /** utime + stime + cutime + cstime (clock ticks) of each process named in a pid file. */
    static long[] cpu(Path[] pidFiles) {
        long[] out = new long[pidFiles.length];
        for (int i = 0; i < pidFiles.length; i++) {
            try {
                String pid = Files.readString(pidFiles[i]).strip();
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            } catch (IOException | RuntimeException e) {
                out[i] = -1;
            }
        }
        return out;
    }

    static void report(int[] addr, long[] when, int n, long start, long end, long intervalNs, long[] cpu0,
                       long[] cpu1, Path[] pidFiles) {
        Map<Integer, long[]> last = new HashMap<>();
        Map<Integer, Boolean> checked = new HashMap<>();
        long[] late = new long[n];
        int gaps = 0;
        int inWindow = 0;
        double gapSum = 0;
        for (int i = 0; i < n; i++) {
            long[] prev = last.get(addr[i]);
            if (when[i] >= start && when[i] < end) {
                inWindow++;
                checked.put(addr[i], true);
                if (prev != null && prev[0] >= start) {
                    late[gaps++] = when[i] - prev[0] - intervalNs;
                    gapSum += when[i] - prev[0];
                }
            }
            if (prev == null) {
                last.put(addr[i], new long[] {when[i]});
            } else {
                prev[0] = when[i];
            }
        }
        double secs = (end - start) / 1e9;
        System.out.printf("real servers checked: %d in all, %d in the %.0f s window; %d checks in the window (%.0f/s)%n",
                last.size(), checked.size(), secs, inWindow, inWindow / secs);
        if (gaps > 0) {
            long[] l = Arrays.copyOf(late, gaps);
            Arrays.sort(l);
            System.out.printf("cycle (gap between two checks of one real server): mean %.3f s%n", gapSum / gaps / 1e9);
            System.out.printf("lateness (gap - checkinterval): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (%d gaps)%n",
                    l[gaps / 2] / 1e6, l[(int) (gaps * 0.9)] / 1e6, l[(int) (gaps * 0.99)] / 1e6, l[gaps - 1] / 1e6, gaps);
        } else {
            System.out.println("no real server was checked twice in the window: the cycle is longer than the window");
        }
        for (int i = 0; i < pidFiles.length; i++) {
            if (cpu0 != null && cpu0[i] >= 0 && cpu1[i] >= 0) {
                System.out.printf("cpu %s: %.2f cores%n", pidFiles[i].getFileName().toString().replace(".pid", ""),
                        (cpu1[i] - cpu0[i]) / 100.0 / secs);
            }
        }
    }
}
JAVA

# ldirectord.cf and the matching ipvsadm rules for CONNECT + HTTP real servers, 100 per virtual.
configure() {
    local nconnect=$1 nhttp=$2 cf=$3 rules=$4
    python3 - "$nconnect" "$nhttp" "$port" "$cf" "$rules" <<'PY'
import sys
nconnect, nhttp, port, cf, rules = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
conf = ["checkinterval=1", "checktimeout=3", "negotiatetimeout=3", "quiescent=no", "cleanstop=no",
        "autoreload=no", "logfile=\"/dev/null\""]
rule = []
for kind, total, second in (("connect", nconnect, 1), ("http", nhttp, 2)):
    for v in range((total + 99) // 100):
        count = min(100, total - v * 100)
        vip = f"10.{second}.{v // 250}.{v % 250 + 1}:{port}"
        conf.append(f"virtual={vip}")
        conf.append(f"\treal=127.{second}.{v}.1->127.{second}.{v}.{count}:{port} gate")
        conf.append("\tscheduler=wrr")
        if kind == "connect":
            conf.append("\tchecktype=connect")
        else:
            conf += ["\tchecktype=negotiate", "\tservice=http", "\trequest=\"/health\"", "\treceive=\"OKAY\""]
        rule.append(f"-A -t {vip} -s wrr")
        rule += [f"-a -t {vip} -r 127.{second}.{v}.{i}:{port} -g -w 1" for i in range(1, count + 1)]
open(cf, "w").write("\n".join(conf) + "\n")
open(rules, "w").write("\n".join(rule) + "\n")
PY
}

# run NAME LDIRECTORD-COMMAND... : one measurement with a fresh director and target server.
run() {
    local name=$1 nconnect=$2 nhttp=$3
    shift 3
    local dir="$work/$name"
    mkdir -p "$dir/run"
    configure "$nconnect" "$nhttp" "$dir/ldirectord.cf" "$dir/rules"
    echo "== $name: $nconnect connect checks + $nhttp http negotiate checks, checkinterval=1, window ${window} s after ${warmup} s"
    JVS_RUN_DIR="$dir/run" nsenter --net="/run/netns/$ns" "$top/bin/jvs" director --no-dataplane --rules "$dir/rules" > "$dir/director.log" 2>&1 &
    echo $! > "$dir/director.pid"
    for _ in $(seq 100); do [ -S "$dir/run/director.sock" ] && break; sleep 0.2; done
    nsenter --net="/run/netns/$ns" "$java" "$work/CheckTargets.java" "$port" "$warmup" "$window" 1000 \
        "$dir/ldirectord.pid" "$dir/director.pid" "$dir/targets.pid" > "$dir/report" 2>&1 &
    local targets=$!
    echo $targets > "$dir/targets.pid"
    for _ in $(seq 100); do grep -q listening "$dir/report" 2>/dev/null && break; sleep 0.2; done
    local t0
    t0=$(date +%s.%N)
    (cd "$work/bin" && JVS_RUN_DIR="$dir/run" exec nsenter --net="/run/netns/$ns" "$@" -d "$dir/ldirectord.cf" start) \
        > "$dir/ldirectord.log" 2>&1 &
    echo $! > "$dir/ldirectord.pid"
    # The first check marks the end of the start; the window opens warm-up seconds later.
    while ! grep -q "first check" "$dir/report" && kill -0 "$targets" 2>/dev/null; do
        sleep 0.1
    done
    echo "start (configuration, table taken over) until the first check: $(echo "$(date +%s.%N) - $t0" | bc) s"
    wait "$targets" || true
    grep -v -e listening -e "first check" "$dir/report"
    kill "$(cat "$dir/ldirectord.pid")" 2>/dev/null || true
    sleep 1
    kill -9 "$(cat "$dir/ldirectord.pid")" 2>/dev/null || true
    kill "$(cat "$dir/director.pid")" 2>/dev/null || true
    wait 2>/dev/null || true
}

run jvs "$connect" "$http" "$top/bin/jvs" ldirectord
if [ "$real_connect" -gt 0 ] && [ -x /usr/sbin/ldirectord ]; then
    run real-ldirectord "$real_connect" "$real_http" /usr/sbin/ldirectord
    run jvs-same-size "$real_connect" "$real_http" "$top/bin/jvs" ldirectord
elif [ "$real_connect" -gt 0 ]; then
    echo "(the real ldirectord is not installed: apt-get install ldirectord)"
fi
