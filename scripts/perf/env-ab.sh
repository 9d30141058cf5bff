#!/usr/bin/env bash
# Does a runtime setting change the light-load row? Alternates BLOCKS blocks (default 4) of OnlineChat as
# this checkout builds it and of the same with the given environment added (a DOTNET_ knob, say), each
# started fresh and warmed up as usual, then ROUNDS runs (default 5) of 1000 clients × 10 senders ×
# 200 msg/s. Alternating blocks spread a drift of the machine over both. Appends the RESULT lines to $OUT
# and prints the medians of each:
#   scripts/perf/env-ab.sh DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70     # about 16 minutes
#   NEIGHBOUR="2 3" scripts/perf/env-ab.sh DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || { echo "usage: $0 NAME=VALUE [NAME=VALUE...]" >&2; exit 64; }
mkdir -p results
out="${OUT:-$PWD/results/env-ab-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
rounds="${ROUNDS:-5}" blocks="${BLOCKS:-4}"

block() { # label, then the environment to add (none for the checkout as it is)
  local label="$1"; shift
  env "$@" scripts/perf/onlinechat.sh start >/dev/null
  local pids; pids="$(scripts/perf/onlinechat.sh pids)"
  scripts/perf/onlinechat.sh warm "$lg"
  for _ in $(seq 1 "$rounds"); do
    record "$label-1000x10x200" "$lg" --proto frame --ports 8888,8889,8890 --clients 1000 --senders 10 --rate 200 --duration 10 $pids
  done
  scripts/perf/onlinechat.sh stop
  sleep 10
}

for i in $(seq 1 "$blocks"); do
  if [ $((i % 2)) -eq 1 ]; then block onlinechat3; else block "onlinechat3 with $*" "$@"; fi
done
python3 scripts/perf/table.py --repeats "$out"
echo "Results in $out; full log in $work/log" >&2
