#!/usr/bin/env bash
# LVS-DR through jvs versus the kernel forwarding the same frames itself (nftables netdev
# `fwd ip to RIP device eth0`: the destination MAC rewritten to the real server's, the IP packet
# untouched — what IPVS-DR does, without connection tracking or scheduling), in one run, reported
# as ratios: TCP bulk client→server (iperf3, 1 and 4 streams; the replies bypass the director),
# new TCP connections per second and latency (wrk with Connection: close against nginx).
# Needs root, iperf3, wrk, nginx and nftables.
# Topology (network namespaces on one bridge, no route out): client 172.25.254.10, director
# 172.25.254.1 holding the VIP 172.25.254.100, real server 172.25.254.2 with the VIP on lo and
# arp_ignore=1/arp_announce=2, as in the LVS tutorial.
# Usage: bench/dr-throughput.sh [seconds-per-run]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}
P=jvsbd$$
VIP=172.25.254.100
work=$(mktemp -d)
export JVS_RUN_DIR="$work/run"
cleanup() {
    for n in c d r s; do
        ip netns pids $P$n 2>/dev/null | xargs -r kill 2>/dev/null || true
        ip netns del $P$n 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
for n in c d r s; do ip netns add $P$n; ip -n $P$n link set lo up; done
ip -n ${P}s link add br0 type bridge; ip -n ${P}s link set br0 up
i=0
for pair in c:172.25.254.10 d:172.25.254.1 r:172.25.254.2; do
    n=${pair%%:*}; addr=${pair#*:}; i=$((i+1))
    ip link add ${P}h$i type veth peer name ${P}p$i
    ip link set ${P}h$i netns $P$n name eth0
    ip link set ${P}p$i netns ${P}s master br0 2>/dev/null || { ip link set ${P}p$i netns ${P}s; ip -n ${P}s link set ${P}p$i master br0; }
    ip -n ${P}s link set ${P}p$i up
    ip -n $P$n addr add $addr/24 dev eth0; ip -n $P$n link set eth0 up
done
ip -n ${P}d addr add $VIP/24 dev eth0
ip -n ${P}r addr add $VIP/32 dev lo
for k in all eth0; do
    ip netns exec ${P}r sysctl -qw net.ipv4.conf.$k.arp_ignore=1 net.ipv4.conf.$k.arp_announce=2
done
nsenter --net=/run/netns/${P}r iperf3 -s -D -p 5201
mkdir -p "$work/www"; echo ok > "$work/www/index.html"
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 80 reuseport backlog=4096; root $work/www; keepalive_timeout 0; }
}
NGINX
nsenter --net=/run/netns/${P}r nginx -c "$work/nginx.conf"
sleep 0.5

gbps() { # streams
    nsenter --net=/run/netns/${P}c iperf3 -c $VIP -p 5201 -t "$secs" -P "$1" -J \
        | python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))'
}
cps() { # prints "requests/s p50-ms p99-ms"
    nsenter --net=/run/netns/${P}c wrk -t 2 -c 32 -d "${secs}s" -H "Connection: close" --latency http://$VIP/ \
        | python3 -c '
import re,sys
t=sys.stdin.read()
rps=float(re.search(r"Requests/sec:\s+([0-9.]+)",t).group(1))
def ms(p):
    m=re.search(r"\s"+p+r"%\s+([0-9.]+)(us|ms|s)",t); v=float(m.group(1))
    return v/1000 if m.group(2)=="us" else v*1000 if m.group(2)=="s" else v
print("%d %.2f %.2f" % (rps, ms("50"), ms("99")))'
}
# The client must reach the VIP through the director: start each side with a clean ARP entry.
fresh_arp() { ip -n ${P}c neigh flush all; }

# jvs
nsenter --net=/run/netns/${P}d "$top/bin/jvs" director > "$work/director.log" 2>&1 &
for i in $(seq 100); do [ -S "$JVS_RUN_DIR/director.sock" ] && break; sleep 0.1; done
for port in 5201 80; do
    nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -A -t $VIP:$port -s rr
    nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -a -t $VIP:$port -r 172.25.254.2 -g
done
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm --set 900 120 300
fresh_arp; sleep 0.5
j1=$(gbps 1); j4=$(gbps 4); jc=$(cps)
jout=$(nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -Ln --stats | awk '/^TCP/ {o+=$5} END {print o+0}')
kill "$(cat "$JVS_RUN_DIR/director.pid")"; sleep 1

# the kernel forwarding the same frames to the real server's MAC
ip netns exec ${P}d nft -f - <<NFT
table netdev kbench {
  chain ingress {
    type filter hook ingress device eth0 priority 0;
    ip daddr $VIP tcp dport { 80, 5201 } fwd ip to 172.25.254.2 device eth0
  }
}
NFT
fresh_arp; sleep 0.5
k1=$(gbps 1); k4=$(gbps 4); kc=$(cps)

ratio() { echo "scale=2; $1/$2" | bc; }
echo "TCP bulk client -> real server through LVS-DR, ${secs} s per run (Gbit/s):"
printf '  %-10s %8s %8s %8s\n' streams jvs kernel jvs/kernel
printf '  %-10s %8s %8s %8s\n' 1 "$j1" "$k1" "$(ratio "$j1" "$k1")"
printf '  %-10s %8s %8s %8s\n' 4 "$j4" "$k4" "$(ratio "$j4" "$k4")"
set -- $jc; jr=$1; j50=$2; j99=$3; set -- $kc; kr=$1; k50=$2; k99=$3
echo "New TCP connections through LVS-DR (wrk -t2 -c32, Connection: close, nginx):"
printf '  %-10s %10s %10s %8s\n' "" jvs kernel jvs/kernel
printf '  %-10s %10s %10s %8s\n' conn/s "$jr" "$kr" "$(ratio "$jr" "$kr")"
printf '  %-10s %10s %10s\n' "p50 ms" "$j50" "$k50"
printf '  %-10s %10s %10s\n' "p99 ms" "$j99" "$k99"
echo "Director OutPkts during the jvs runs (replies bypass it, so 0): $jout"
