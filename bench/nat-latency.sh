#!/usr/bin/env bash
# Latency a NAT forwarder adds per packet at moderate load: round trips of small UDP datagrams at a
# fixed rate (org.jvs.bench.UdpRoundTrip, 2,000/s) from the client through the VIP to an echo
# service on the real server, in one run through: the director's kernel routing the packets
# without NAT (the floor: client to the real server's own address), the kernel's NAT (nftables
# DNAT) and jvs (as started by default, and with --busy-poll 50). Reports p50 / p99 / p99.9 in
# microseconds and what each adds to the floor.
# Needs root, nftables and jvs-bench/target/benchmarks.jar (./mvnw -q -pl jvs-bench -am package -DskipTests).
# Topology as bench/nat-throughput.sh (namespaces, no route out).
# Usage: bench/nat-latency.sh [datagrams-per-run]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-20000}
rate=2000
P=jvsbl$$
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
jar="$top/jvs-bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "build $jar first: ./mvnw -q -pl jvs-bench -am package -DskipTests" >&2; exit 1; }
. "$top/bench/lib/nat-lab.sh"

# One echo service for all four runs (4 runs of $count, and warm-ups).
nsenter --net=/run/netns/${P}r "$java" -cp "$jar" 'org.jvs.bench.UdpRoundTrip$Echo' 7 $((5 * count + 4000)) &
sleep 1
rtt() { # host port count -> "p50 p99 p999 lost"
    nsenter --net=/run/netns/${P}c "$java" -cp "$jar" org.jvs.bench.UdpRoundTrip "$1" "$2" "$rate" "$3"
}

rtt 172.25.254.2 7 1000 >/dev/null
set -- $(rtt 172.25.254.2 7 "$count"); floor=("$@")

jvs_rtt() { # director options...
    jvs_director_start "$@"
    nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -A -u 172.16.100.1:7 -s rr
    nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -a -u 172.16.100.1:7 -r 172.25.254.2 -m
    rtt 172.16.100.1 7 1000 >/dev/null
    rtt 172.16.100.1 7 "$count"
    jvs_director_stop
}
set -- $(jvs_rtt); jvs=("$@")
set -- $(jvs_rtt --busy-poll 50); busy=("$@")

ip netns exec ${P}d nft -f - <<'NFT'
table ip kbench {
  chain pre {
    type nat hook prerouting priority dstnat;
    ip daddr 172.16.100.1 udp dport 7 dnat to 172.25.254.2:7
  }
}
NFT
rtt 172.16.100.1 7 1000 >/dev/null
set -- $(rtt 172.16.100.1 7 "$count"); kern=("$@")

python3 - "${floor[@]}" "${kern[@]}" "${jvs[@]}" "${busy[@]}" "$count" "$rate" <<'PY'
import sys
v = sys.argv[1:]
floor, kern, jvs, busy = [list(map(float, v[i:i + 4])) for i in (0, 4, 8, 12)]
count, rate = v[16], v[17]
print("UDP round trips, %s datagrams at %s/s, microseconds:" % (count, rate))
print("  %-32s %8s %8s %8s %6s" % ("", "p50", "p99", "p99.9", "lost"))
for name, r in (("kernel routing, no NAT (floor)", floor), ("kernel NAT (nftables DNAT)", kern), ("jvs NAT", jvs),
                ("jvs NAT, --busy-poll 50", busy)):
    print("  %-32s %8.0f %8.0f %8.0f %6d" % (name, r[0], r[1], r[2], r[3]))
print("  added to the floor (p50, p99): kernel NAT %+.0f %+.0f; jvs %+.0f %+.0f; jvs --busy-poll 50 %+.0f %+.0f" %
      (kern[0] - floor[0], kern[1] - floor[1], jvs[0] - floor[0], jvs[1] - floor[1], busy[0] - floor[0], busy[1] - floor[1]))
PY
