#!/usr/bin/env bash
# Small-packet forwarding rate through LVS-NAT: jvs versus the kernel's own NAT (nftables DNAT),
# in one run. A generator (org.jvs.bench.UdpFlood: 64-byte UDP frames from 64 source ports,
# sendmmsg from a prebuilt batch) floods the VIP far beyond one iperf3 sender; the real server
# counts what arrives in an nftables counter (and drops it there, so its own stack costs nothing).
# Reports frames offered, frames forwarded, loss, and for jvs the forwarding rate per core of
# director CPU (user + system time of the jvs process).
# Needs root, nftables, and jvs-bench/target/benchmarks.jar (./mvnw -q -pl jvs-bench -am package -DskipTests).
# Topology (network namespaces, no route out): client 172.16.100.2 -- director (VIP 172.16.100.1,
# DIP 172.25.254.1) -- real server 172.25.254.2 (gateway: the director).
# Usage: bench/nat-pps.sh [seconds-per-run]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-5}
P=jvsbp$$
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
jar="$top/jvs-bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "build $jar first: ./mvnw -q -pl jvs-bench -am package -DskipTests" >&2; exit 1; }
. "$top/bench/lib/nat-lab.sh"
ip netns exec ${P}r nft -f - <<'NFT'
table inet sink {
  chain pre {
    type filter hook prerouting priority raw; policy accept;
    udp dport 9 counter drop
  }
}
NFT
dmac=$(ip -n ${P}d -o link show eth0 | sed -E 's/.*link\/ether ([0-9a-f:]+).*/\1/')
# Resolve the real server once, so that neither side starts with a neighbour miss.
ip netns exec ${P}d ping -c1 -W1 172.25.254.2 >/dev/null 2>&1 || ip -n ${P}d neigh replace 172.25.254.2 \
    lladdr "$(ip -n ${P}r -o link show eth0 | sed -E 's/.*link\/ether ([0-9a-f:]+).*/\1/')" dev eth1

sink() { ip netns exec ${P}r nft list table inet sink | sed -nE 's/.*counter packets ([0-9]+).*/\1/p'; }
cpu_ticks() { awk '{print $14 "," $15}' "/proc/$1/stat"; }   # user,system
flood() { # prints "offered seconds"
    nsenter --net=/run/netns/${P}c "$java" --enable-native-access=ALL-UNNAMED -cp "$jar" org.jvs.bench.UdpFlood \
        eth0 "$dmac" 172.16.100.2 172.16.100.1 9 64 "$secs"
}

# jvs
jvs_director_start
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -A -u 172.16.100.1:9 -s rr
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -a -u 172.16.100.1:9 -r 172.25.254.2 -m
pid=$(cat "$JVS_RUN_DIR/director.pid")
flood >/dev/null   # warm-up: JIT and the 64 connections
sleep 1; before=$(sink)
t0=$(cpu_ticks "$pid")
set -- $(flood); joffered=$1; jsecs=$2
sleep 1
t1=$(cpu_ticks "$pid")
jfwd=$(( $(sink) - before ))
jvs_director_stop

# the kernel's NAT on the same topology
ip netns exec ${P}d nft -f - <<'NFT'
table ip kbench {
  chain pre {
    type nat hook prerouting priority dstnat;
    ip daddr 172.16.100.1 udp dport 9 dnat to 172.25.254.2:9
  }
}
NFT
flood >/dev/null
sleep 1; before=$(sink)
set -- $(flood); koffered=$1; ksecs=$2
sleep 1
kfwd=$(( $(sink) - before ))

hz=$(getconf CLK_TCK)
python3 - "$joffered" "$jsecs" "$jfwd" "$koffered" "$ksecs" "$kfwd" "$t0" "$t1" "$hz" <<'PY'
import sys
jo, js, jf, ko, ks, kf, t0, t1, hz = sys.argv[1:]
jo, js, jf, ko, ks, kf = int(jo), float(js), int(jf), int(ko), float(ks), int(kf)
(u0, s0), (u1, s1) = (map(int, t0.split(",")), map(int, t1.split(",")))
user, system = (u1 - u0) / int(hz), (s1 - s0) / int(hz)
cpu = user + system
print("64-byte UDP through NAT, one generator (sendmmsg), %.0f s per run:" % js)
print("  %-26s %12s %12s %10s" % ("", "jvs", "kernel", "jvs/kernel"))
print("  %-26s %12.0f %12.0f" % ("offered pps", jo / js, ko / ks))
print("  %-26s %12.0f %12.0f %10.2f" % ("forwarded pps", jf / js, kf / ks, (jf / js) / (kf / ks)))
print("  %-26s %11.1f%% %11.1f%%" % ("loss", 100.0 * (jo - jf) / jo, 100.0 * (ko - kf) / ko))
print("  jvs director CPU during the run: %.2f cores (user %.2f, system %.2f); forwarded per core: %.0f pps"
      % (cpu / js, user / js, system / js, jf / cpu if cpu else 0))
# The system share holds the packet sockets' work and, on veth, the receiving host's own stack,
# which runs in the sender's system call.
PY
