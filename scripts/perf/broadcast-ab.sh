#!/usr/bin/env bash
# The light-load broadcast row (1000 clients, 10 senders, 200 msg/s, three gateways) on another checkout
# and on this one, one after the other, ROUNDS times each (default 5) after the usual two-minute warm-up:
# whether a change made broadcasts slower. Each checkout starts its own servers with its own
# onlinechat.sh; both are measured with this checkout's load generator. Appends the RESULT lines to $OUT
# and prints the medians:
#   git worktree add /tmp/before <commit> && scripts/perf/broadcast-ab.sh /tmp/before    # about 10 minutes
#   ORDER=this-first scripts/perf/broadcast-ab.sh /tmp/before    # the other order, to tell a drift of the machine from the change
set -euo pipefail
cd "$(dirname "$0")/../.."
before="$(realpath "${1:?usage: $0 BEFORE-CHECKOUT}")"
mkdir -p results
out="${OUT:-$PWD/results/broadcast-ab-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
rounds="${ROUNDS:-5}" rate="${RATE:-200}"

block() { # checkout
  local tree="$1" label pids
  label="$(git -C "$tree" rev-parse --short HEAD)$(git -C "$tree" diff --quiet HEAD || echo +)"
  "$tree/scripts/perf/onlinechat.sh" start >/dev/null
  pids="$("$tree/scripts/perf/onlinechat.sh" pids)"
  "$tree/scripts/perf/onlinechat.sh" warm "$lg"
  for _ in $(seq 1 "$rounds"); do
    record "$label-1000x10x$rate" "$lg" --proto frame --ports 8888,8889,8890 --clients 1000 --senders 10 --rate "$rate" --duration 10 $pids
  done
  "$tree/scripts/perf/onlinechat.sh" stop
  sleep 10
}

if [ "${ORDER:-}" = this-first ]; then
  block "$PWD"
  block "$before"
else
  block "$before"
  block "$PWD"
fi
python3 scripts/perf/table.py --repeats "$out"
echo "Results in $out; full log in $work/log" >&2
