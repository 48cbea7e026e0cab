#!/usr/bin/env bash
# Times `ipvsadm -Ln` (JVM start included) against a director holding 1,000 services x 100 real
# servers, the issue's listing goal (< 1 s). Usage: bench/ipvsadm-list.sh [services] [servers] [runs]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
services=${1:-1000}
servers=${2:-100}
runs=${3:-10}
work=$(mktemp -d)
export JVS_RUN_DIR="$work/run"
trap '[ -f "$JVS_RUN_DIR/director.pid" ] && kill "$(cat "$JVS_RUN_DIR/director.pid")" 2>/dev/null; rm -rf "$work"' EXIT

python3 - "$services" "$servers" > "$work/rules" <<'PY'
import sys
services, servers = int(sys.argv[1]), int(sys.argv[2])
for s in range(services):
    vip = f"10.{s // 250}.{s % 250}.1:80"
    print(f"-A -t {vip} -s wlc")
    for r in range(servers):
        print(f"-a -t {vip} -r 192.168.{r // 250}.{r % 250 + 1}:8080 -m -w {r % 5 + 1}")
PY

start=$(date +%s.%N)
"$top/bin/jvs" director --daemon --rules "$work/rules"
loaded=$(date +%s.%N)
lines=$("$top/bin/jvs" ipvsadm -Ln | wc -l)
echo "rules: $services services x $servers real servers ($(wc -l < "$work/rules") lines), loaded in $(echo "$loaded - $start" | bc) s; listing has $lines lines"

# The first run creates the class-data-sharing archive; time the runs after it.
"$top/bin/jvs" ipvsadm -Ln > /dev/null
total=0
max=0
for i in $(seq "$runs"); do
    t0=$(date +%s%N)
    "$top/bin/jvs" ipvsadm -Ln > /dev/null
    t=$(( ($(date +%s%N) - t0) / 1000000 ))
    total=$((total + t))
    [ "$t" -gt "$max" ] && max=$t
done
echo "ipvsadm -Ln: mean $((total / runs)) ms, max $max ms over $runs runs (JVM start included)"
