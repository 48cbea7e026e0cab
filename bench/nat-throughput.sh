#!/usr/bin/env bash
# TCP bulk throughput through LVS-NAT: jvs versus the kernel's own NAT (nftables DNAT/SNAT-free,
# the same topology), in one run, reported as ratios. Needs root, iperf3 and nftables.
# Topology (network namespaces, no route out): client 172.16.100.2 -- director (VIP 172.16.100.1,
# DIP 172.25.254.1) -- real server 172.25.254.2 (gateway: the director).
# Usage: bench/nat-throughput.sh [seconds-per-run]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}
P=jvsbn$$
work=$(mktemp -d)
export JVS_RUN_DIR="$work/run"
cleanup() {
    for n in c d r; do
        ip netns pids $P$n 2>/dev/null | xargs -r kill 2>/dev/null || true
        ip netns del $P$n 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
for n in c d r; do ip netns add $P$n; ip -n $P$n link set lo up; done
ip link add ${P}a type veth peer name ${P}b
ip link set ${P}a netns ${P}c name eth0; ip link set ${P}b netns ${P}d name eth0
ip link add ${P}e type veth peer name ${P}f
ip link set ${P}e netns ${P}d name eth1; ip link set ${P}f netns ${P}r name eth0
ip -n ${P}c addr add 172.16.100.2/24 dev eth0; ip -n ${P}c link set eth0 up
ip -n ${P}c route add default via 172.16.100.1
ip -n ${P}d addr add 172.16.100.1/24 dev eth0; ip -n ${P}d link set eth0 up
ip -n ${P}d addr add 172.25.254.1/24 dev eth1; ip -n ${P}d link set eth1 up
ip -n ${P}r addr add 172.25.254.2/24 dev eth0; ip -n ${P}r link set eth0 up
ip -n ${P}r route add default via 172.25.254.1
ip netns exec ${P}d sysctl -qw net.ipv4.ip_forward=1
nsenter --net=/run/netns/${P}r iperf3 -s -D -p 5201
sleep 0.5

gbps() { # streams
    nsenter --net=/run/netns/${P}c iperf3 -c 172.16.100.1 -p 5201 -t "$secs" -P "$1" -J \
        | python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))'
}

# jvs
nsenter --net=/run/netns/${P}d "$top/bin/jvs" director > "$work/director.log" 2>&1 &
for i in $(seq 100); do [ -S "$JVS_RUN_DIR/director.sock" ] && break; sleep 0.1; done
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -A -t 172.16.100.1:5201 -s rr
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -a -t 172.16.100.1:5201 -r 172.25.254.2 -m
sleep 0.5
j1=$(gbps 1); j4=$(gbps 4)
kill "$(cat "$JVS_RUN_DIR/director.pid")"; sleep 1

# the kernel's NAT on the same topology
ip netns exec ${P}d nft -f - <<'NFT'
table ip kbench {
  chain pre {
    type nat hook prerouting priority dstnat;
    ip daddr 172.16.100.1 tcp dport 5201 dnat to 172.25.254.2:5201
  }
}
NFT
k1=$(gbps 1); k4=$(gbps 4)

echo "TCP bulk through NAT, ${secs} s per run (Gbit/s):"
printf '  %-10s %8s %8s %8s\n' streams jvs kernel jvs/kernel
printf '  %-10s %8s %8s %8s\n' 1 "$j1" "$k1" "$(echo "scale=2; $j1/$k1" | bc)"
printf '  %-10s %8s %8s %8s\n' 4 "$j4" "$k4" "$(echo "scale=2; $j4/$k4" | bc)"
