#!/usr/bin/env bash
# Director failover time, whole system: two directors (server1 172.25.254.1, server4 .4), each
# running `jvs director` (the packet data plane, LVS-DR service VIP:80 → two real web servers) and a
# heartbeat (keepalive 100ms, deadtime 500ms, auto_failback off) whose haresources group holds the
# VIP: `server1 IPaddr2::172.25.254.100/24/eth0`. A client on the same segment polls the VIP.
# Each run kills the active director machine (kill -9 of every process in its namespace: heartbeat
# and director; then its VIP removed and its link down, so it cannot answer) and measures the time
# from the kill to the first HTTP 200 the client gets through the VIP, i.e. through the standby
# (detection + takeover + gratuitous ARP + forwarding). The dead machine then "reboots" (link up,
# director and heartbeat restarted) and becomes the standby; the next run kills the other one.
# Both directors run connection sync (master and backup each), and FLOWS (default 4) downloads are
# in flight across each failover: the script counts how many complete intact (goal: all; SYNC=0
# runs without sync for comparison).
# Reports p50/p99/max over the runs for jvs heartbeat, then for Debian's heartbeat 3.0.6 on the
# same topology and timings (its own IPaddr2 agent and send_arp), when it is installed.
# The client retries every ~20 ms with a 20 ms connect timeout, so figures carry up to ~40 ms of
# polling granularity.
# Needs root, Java 25, python3, bin/jvs built (./mvnw -q -pl jvs-cli -am package -DskipTests).
# Usage: bench/heartbeat-failover.sh [runs=20]     PEERS="jvs debian" (which heartbeats to measure)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
peers=${PEERS:-jvs debian}
settle=${SETTLE:-8}
flows=${FLOWS:-4}
sync=${SYNC:-1}
vip=172.25.254.100
jvs="$top/bin/jvs"
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 1; }
[ -f "$top/jvs-cli/target/jvs.jar" ] || { echo "build first: ./mvnw -q -pl jvs-cli -am package -DskipTests" >&2; exit 1; }

P=jvshf$$
work=$(mktemp -d)
hosts="sw client rs1 rs2 server1 server4"
cleanup() {
    for h in $hosts; do
        ip netns pids $P$h 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    done
    for h in $hosts; do ip netns del $P$h 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
at() { local h=$1; shift; nsenter --net=/run/netns/$P$h "$@"; }

# One segment: a bridge in "sw", every host's eth0 plugged into it.
for h in $hosts; do ip netns add $P$h; ip -n $P$h link set lo up; done
ip -n ${P}sw link add br0 type bridge; ip -n ${P}sw link set br0 up
n=0
plug() { # host address
    ip link add ${P}p$n type veth peer name ${P}q$n
    ip link set ${P}p$n netns ${P}sw; ip -n ${P}sw link set ${P}p$n master br0 up
    ip link set ${P}q$n netns $P$1 name eth0
    ip -n $P$1 addr add "$2/24" brd + dev eth0; ip -n $P$1 link set eth0 up
    n=$((n + 1))
}
plug client 172.25.254.10; plug rs1 172.25.254.2; plug rs2 172.25.254.3
plug server1 172.25.254.1; plug server4 172.25.254.4
mkdir -p "$work/www"; echo ok > "$work/www/index.html"
head -c $((16 << 20)) /dev/urandom > "$work/www/big.bin"
for rs in rs1 rs2; do # LVS-DR real servers: the VIP on lo, ARP for it suppressed
    ip -n $P$rs addr add $vip/32 dev lo
    for dev in all eth0; do
        at $rs sysctl -qw net.ipv4.conf.$dev.arp_ignore=1 net.ipv4.conf.$dev.arp_announce=2
    done
    at $rs python3 -m http.server 80 --bind 0.0.0.0 --directory "$work/www" > /dev/null 2>&1 &
done
cat > "$work/rules" <<EOF
-A -t $vip:80 -s rr
-a -t $vip:80 -r 172.25.254.2:80 -g -w 1
-a -t $vip:80 -r 172.25.254.3:80 -g -w 1
EOF

# The client: from T0 (ns, CLOCK_REALTIME) until the first 200 through the VIP; prints milliseconds.
cat > "$work/poll.py" <<'PY'
import socket, sys, time
t0, vip = int(sys.argv[1]), sys.argv[2]
end = time.time() + 30
while time.time() < end:
    try:
        with socket.create_connection((vip, 80), timeout=0.02) as s:
            s.settimeout(1)
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            if s.recv(64).split(b" ")[1:2] == [b"200"]:
                print("%.0f" % ((time.time_ns() - t0) / 1e6))
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.02)
print("timeout")
sys.exit(1)
PY

haconf() { # dir
    mkdir -p "$1"
    cat > "$1/ha.cf" <<EOF
logfile $1/../ha-log
keepalive 100ms
deadtime 500ms
warntime 300ms
initdead 2
udpport 694
bcast eth0
auto_failback off
node server1 server4
EOF
    printf 'auth 1\n1 sha1 failover-bench\n' > "$1/authkeys"; chmod 600 "$1/authkeys"
    # IPaddr2 (ip-based): Debian's legacy IPaddr agent fails in a namespace; jvs runs both alike.
    echo "server1 IPaddr2::$vip/24/eth0" > "$1/haresources"
}

start_node() { # peer node
    local peer=$1 node=$2 d="$work/$1/$2"
    JVS_RUN_DIR="$d/run" at $node "$jvs" director -i eth0 --rules "$work/rules" >> "$d/director.log" 2>&1 &
    # (A killed director's socket file stays behind: wait until the new one answers.)
    for _ in $(seq 100); do JVS_RUN_DIR="$d/run" at $node "$jvs" ipvsadm -L --daemon >/dev/null 2>&1 && break; sleep 0.1; done
    # Connection sync both ways, as kernel directors run it: each is master and backup at once.
    if [ "$sync" = 1 ]; then
        for role in master backup; do
            JVS_RUN_DIR="$d/run" at $node "$jvs" ipvsadm --start-daemon $role --mcast-interface eth0
        done
    fi
    if [ "$peer" = jvs ]; then
        JVS_RUN_DIR="$d/run" at $node unshare --uts sh -c "hostname $node; exec '$jvs' heartbeat --config-dir '$d/ha.d' start" \
            >> "$d/heartbeat.log" 2>&1 &
    else # Debian's heartbeat, with the private /etc/ha.d, /var/lib/heartbeat and /run the lab notes describe
        at $node unshare --uts --mount sh -c "hostname $node; mount --bind '$d/ha.d' /etc/ha.d; \
            mount --bind '$d/state' /var/lib/heartbeat; mount -t tmpfs tmpfs /run; \
            mkdir -p /run/heartbeat/ccm /run/heartbeat/dopd /run/heartbeat/rsctmp; \
            chown hacluster:haclient /run/heartbeat/ccm /run/heartbeat/dopd; /usr/libexec/heartbeat/heartbeat; \
            sleep 1; while [ -e /run/heartbeat.pid ]; do sleep 0.2; done" >> "$d/heartbeat.log" 2>&1 &
    fi
}

holds_vip() { ip -n $P$1 -o -4 addr show dev eth0 | grep -q " $vip/"; }
serves() { # up to 5 tries: the first packets to a real server wait for the new director's ARP
    for _ in 1 2 3 4 5; do
        at client curl -s -m 2 -o /dev/null -w '%{http_code}' "http://$vip/" 2>/dev/null | grep -q 200 && return 0
    done
    echo "client: $(at client ip neigh show $vip); server1: $(ip -n ${P}server1 -o -4 addr show dev eth0 | grep -c $vip); server4: $(ip -n ${P}server4 -o -4 addr show dev eth0 | grep -c $vip)" >&2
    return 1
}

measure() { # peer
    local peer=$1
    for node in server1 server4; do
        local d="$work/$peer/$node"
        mkdir -p "$d/run"
        if [ "$peer" = jvs ]; then haconf "$d/ha.d"; else
            cp -a /etc/ha.d "$d/ha.d"; cp -a /var/lib/heartbeat "$d/state"; haconf "$d/ha.d"
        fi
        start_node "$peer" $node
    done
    local ready=0
    for _ in $(seq 300); do
        if { holds_vip server1 || holds_vip server4; } && serves; then ready=1; break; fi
        sleep 0.1
    done
    [ $ready = 1 ] || { echo "$peer: the VIP never served; logs in $work/$peer" >&2; tail -n 20 "$work/$peer"/server*/*log >&2; return 1; }
    sleep "$settle"
    : > "$work/$peer/times"; : > "$work/$peer/flows"
    for i in $(seq "$runs"); do
        local active=server1 standby=server4
        holds_vip server4 && { active=server4; standby=server1; }
        # Long downloads in flight across the failover (16 MiB at 4 MiB/s, more than the client's receive
        # window, so the real server needs its ACKs through the director): with sync none is lost.
        local k curls=()
        for k in $(seq $flows); do
            at client curl -s -m 30 --limit-rate 4M -o "$work/flow$k" -w '%{http_code}' "http://$vip/big.bin" \
                > "$work/flow$k.code" 2>/dev/null &
            curls+=($!)
        done
        sleep 0.5
        local t0
        t0=$(date +%s%N)
        ip netns pids $P$active | xargs -r kill -9 2>/dev/null || true
        ip -n $P$active addr del $vip/24 dev eth0 2>/dev/null || true
        ip -n $P$active link set eth0 down
        local ms
        ms=$(at client python3 "$work/poll.py" "$t0" $vip || true)
        holds_vip $standby || ms=missing
        echo "$peer run $i: $active killed, $standby serving after $ms ms"
        echo "$ms" >> "$work/$peer/times"
        wait "${curls[@]}" || true
        for k in $(seq $flows); do
            if [ "$(cat "$work/flow$k.code")" = 200 ] && cmp -s "$work/flow$k" "$work/www/big.bin"; then
                echo ok >> "$work/$peer/flows"
            else
                echo lost >> "$work/$peer/flows"
            fi
        done
        # The dead machine reboots and rejoins as the standby.
        ip -n $P$active link set eth0 up
        start_node "$peer" $active
        sleep "$settle"
        serves || { echo "$peer: the VIP stopped serving after run $i; logs:" >&2; tail -n 15 "$work/$peer"/server*/*.log >&2; return 1; }
    done
    echo "$peer: connections in flight across the failovers: $(grep -c ok "$work/$peer/flows") survived, $(grep -c lost "$work/$peer/flows") lost"
    python3 - "$peer" "$work/$peer/times" <<'PY'
import math, sys
t = [float(x) for x in open(sys.argv[2]).read().split() if x.replace('.', '', 1).isdigit()]
bad = len(open(sys.argv[2]).read().split()) - len(t)
t.sort()
if t:
    p = lambda q: t[max(0, math.ceil(q * len(t)) - 1)]
    print("%s: failover over %d runs: p50 %.0f ms, p99 %.0f ms, max %.0f ms, min %.0f ms; %d failed"
          % (sys.argv[1], len(t), p(0.5), p(0.99), t[-1], t[0], bad))
PY
    for node in server1 server4; do ip netns pids $P$node | xargs -r kill -9 2>/dev/null || true; done
    sleep 1
    for node in server1 server4; do ip -n $P$node addr del $vip/24 dev eth0 2>/dev/null || true; done
}

for peer in $peers; do
    if [ "$peer" = debian ] && [ ! -x /usr/libexec/heartbeat/heartbeat ]; then
        echo "(Debian's heartbeat is not installed: apt-get install heartbeat)"; continue
    fi
    measure "$peer"
done
