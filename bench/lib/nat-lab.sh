# Sourced by the LVS-NAT benchmarks: network namespaces $P{c,d,r} with no route out — client
# 172.16.100.2 (eth0) -- director (eth0 172.16.100.1 = VIP, eth1 172.25.254.1 = DIP, ip_forward on)
# -- real server 172.25.254.2 (gateway: the director) — a work directory $work with JVS_RUN_DIR in
# it, and a trap that removes all of it (namespaces, their processes, files) on exit.
# Expects $P (a namespace prefix) to be set. Also: jvs_director_start [OPTIONS] / jvs_director_stop.
work=$(mktemp -d)
export JVS_RUN_DIR="$work/run"
nat_lab_cleanup() {
    for n in c d r; do
        ip netns pids $P$n 2>/dev/null | xargs -r kill 2>/dev/null || true
        ip netns del $P$n 2>/dev/null || true
    done
    rm -rf "$work"
}
trap nat_lab_cleanup EXIT
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

# Starts bin/jvs director with OPTIONS in the director namespace; returns once its socket is up.
jvs_director_start() {
    nsenter --net=/run/netns/${P}d "$top/bin/jvs" director "$@" > "$work/director.log" 2>&1 &
    for _ in $(seq 100); do [ -S "$JVS_RUN_DIR/director.sock" ] && return; sleep 0.1; done
    echo "jvs director did not start: $(cat "$work/director.log")" >&2
    return 1
}
# Stops it; returns once it has removed its socket (and its nftables table).
jvs_director_stop() {
    kill "$(cat "$JVS_RUN_DIR/director.pid")"
    for _ in $(seq 100); do [ -S "$JVS_RUN_DIR/director.sock" ] || return 0; sleep 0.1; done
}
