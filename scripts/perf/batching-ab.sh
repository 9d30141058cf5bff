#!/usr/bin/env bash
# How much the publish batcher batches, for two checkouts side by side: each started as pm-groups.sh starts
# OnlineChat (Release, limits lifted, warmed up), then one run of a pattern (default groups) at RATE msg/s
# (default 2000) for 20 s, reporting the latency and Redis's INFO commandstats for the run: evalsha calls
# per message are the script calls (batches), publish calls the batches' lines reaching gateways, each one
# a wake-up. A version whose script is quicker queues fewer messages per call and so pays more calls per
# message at the same rate: CPU per delivery moves with that, not only with the code's own cost.
# ROUNDS (default 2) alternates the checkouts. Appends to $OUT (default results/batching-ab-<date>.txt).
#   scripts/perf/batching-ab.sh /tmp/old            # another checkout, then this one
#   PATTERN=pm RATE=8000 scripts/perf/batching-ab.sh /tmp/old /tmp/new
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: $0 CHECKOUT [CHECKOUT]" >&2; exit 64; }
trees=("$(realpath "$1")" "$(realpath "${2:-.}")")
mkdir -p results
out="${OUT:-$PWD/results/batching-ab-$(date +%Y%m%d-%H%M).txt}"
source scripts/perf/common.sh
pattern="${PATTERN:-groups}" rate="${RATE:-2000}" rounds="${ROUNDS:-2}"
load=(--clients 1000 --group-size 10 --senders 100 --proto frame --ports 8888,8889,8890)

for round in $(seq 1 "$rounds"); do
  for tree in "${trees[@]}"; do
    echo "== round $round: $(git -C "$tree" rev-parse --short HEAD), $pattern at $rate msg/s" | tee -a "$out"
    "$tree/scripts/perf/onlinechat.sh" start >/dev/null
    port="$(scripts/perf/onlinechat.sh redis-port)"
    scripts/perf/onlinechat.sh warm "$lg"
    for warm in pm groups; do "$lg" "${load[@]}" --duration 10 --pattern "$warm" --rate 2000 >/dev/null 2>&1; done
    sleep 3
    redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
    "$lg" "${load[@]}" --duration 20 --pattern "$pattern" --rate "$rate" 2>&1 | grep -E '^(send|latency)' | tee -a "$out"
    redis-cli -p "$port" INFO commandstats | grep -E '^cmdstat_(evalsha|publish|spublish|xadd):' | sort | tee -a "$out"
    "$tree/scripts/perf/onlinechat.sh" stop
  done
done
