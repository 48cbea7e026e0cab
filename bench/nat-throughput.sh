#!/usr/bin/env bash
# LVS-NAT through jvs versus the kernel's own NAT (nftables DNAT, the same topology), in one run,
# reported as ratios: TCP bulk (iperf3, 1 and 4 streams), 64-byte UDP packet rate (iperf3 -u),
# new TCP connections per second and latency (wrk with Connection: close against nginx).
# Needs root, iperf3, wrk, nginx and nftables.
# Topology (network namespaces, no route out): client 172.16.100.2 -- director (VIP 172.16.100.1,
# DIP 172.25.254.1) -- real server 172.25.254.2 (gateway: the director).
# Usage: bench/nat-throughput.sh [seconds-per-run]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}
P=jvsbn$$
. "$top/bench/lib/nat-lab.sh"
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
    nsenter --net=/run/netns/${P}c iperf3 -c 172.16.100.1 -p 5201 -t "$secs" -P "$1" -J \
        | python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))'
}

udp_pps() { # 64-byte frames (18-byte UDP payload), as fast as iperf3 sends; prints "received-pps loss%"
    nsenter --net=/run/netns/${P}c iperf3 -c 172.16.100.1 -p 5201 -u -l 18 -b 0 -t "$secs" -J \
        | python3 -c 'import json,sys; e=json.load(sys.stdin)["end"]["sum"]; print("%d %.1f" % ((e["packets"]-e["lost_packets"])/e["seconds"], e["lost_percent"]))'
}
cps() { # prints "requests/s p50-ms p99-ms"
    nsenter --net=/run/netns/${P}c wrk -t 2 -c 32 -d "${secs}s" -H "Connection: close" --latency http://172.16.100.1/ \
        | python3 -c '
import re,sys
t=sys.stdin.read()
rps=float(re.search(r"Requests/sec:\s+([0-9.]+)",t).group(1))
def ms(p):
    m=re.search(r"\s"+p+r"%\s+([0-9.]+)(us|ms|s)",t); v=float(m.group(1))
    return v/1000 if m.group(2)=="us" else v*1000 if m.group(2)=="s" else v
print("%d %.2f %.2f" % (rps, ms("50"), ms("99")))'
}

# jvs
jvs_director_start
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -A -t 172.16.100.1:5201 -s rr
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -a -t 172.16.100.1:5201 -r 172.25.254.2 -m
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -A -u 172.16.100.1:5201 -s rr
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -a -u 172.16.100.1:5201 -r 172.25.254.2 -m
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -A -t 172.16.100.1:80 -s rr
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm -a -t 172.16.100.1:80 -r 172.25.254.2 -m
nsenter --net=/run/netns/${P}d "$top/bin/jvs" ipvsadm --set 900 120 300
sleep 0.5
j1=$(gbps 1); j4=$(gbps 4); ju=$(udp_pps); jc=$(cps)
jvs_director_stop

# the kernel's NAT on the same topology
ip netns exec ${P}d nft -f - <<'NFT'
table ip kbench {
  chain pre {
    type nat hook prerouting priority dstnat;
    ip daddr 172.16.100.1 tcp dport 5201 dnat to 172.25.254.2:5201
    ip daddr 172.16.100.1 udp dport 5201 dnat to 172.25.254.2:5201
    ip daddr 172.16.100.1 tcp dport 80 dnat to 172.25.254.2:80
  }
}
NFT
k1=$(gbps 1); k4=$(gbps 4); ku=$(udp_pps); kc=$(cps)

echo "TCP bulk through NAT, ${secs} s per run (Gbit/s):"
printf '  %-10s %8s %8s %8s\n' streams jvs kernel jvs/kernel
printf '  %-10s %8s %8s %8s\n' 1 "$j1" "$k1" "$(echo "scale=2; $j1/$k1" | bc)"
printf '  %-10s %8s %8s %8s\n' 4 "$j4" "$k4" "$(echo "scale=2; $j4/$k4" | bc)"

ratio() { echo "scale=2; $1/$2" | bc; }
set -- $ju; jpps=$1; jloss=$2; set -- $ku; kpps=$1; kloss=$2
echo "64-byte UDP through NAT (iperf3 -u -l 18 -b 0, one sender), received packets/s:"
printf '  %-10s %10s %10s %8s\n' "" jvs kernel jvs/kernel
printf '  %-10s %10s %10s %8s\n' pps "$jpps" "$kpps" "$(ratio "$jpps" "$kpps")"
printf '  %-10s %10s %10s\n' "loss %" "$jloss" "$kloss"
set -- $jc; jr=$1; j50=$2; j99=$3; set -- $kc; kr=$1; k50=$2; k99=$3
echo "New TCP connections through NAT (wrk -t2 -c32, Connection: close, nginx):"
printf '  %-10s %10s %10s %8s\n' "" jvs kernel jvs/kernel
printf '  %-10s %10s %10s %8s\n' conn/s "$jr" "$kr" "$(ratio "$jr" "$kr")"
printf '  %-10s %10s %10s\n' "p50 ms" "$j50" "$k50"
printf '  %-10s %10s %10s\n' "p99 ms" "$j99" "$k99"
