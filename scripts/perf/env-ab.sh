#!/usr/bin/env bash
# Does a runtime setting change a row? Alternates BLOCKS blocks (default 4) of OnlineChat as this checkout
# builds it and of the same with the given environment (a DOTNET_ knob, say) or AppHost settings
# (--Section:Key=value, after onlinechat.sh's own, so they win) added, each started fresh and
# warmed up as usual, then ROUNDS runs (default 5) of 1000 clients × SENDERS senders (default 10) × RATE
# msg/s (default 200) of PATTERN (default broadcast: the light-load row; pm or groups of 10). Alternating
# blocks spread a drift of the machine over both. Appends the RESULT lines to $OUT and prints the medians
# of each:
#   scripts/perf/env-ab.sh DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70     # about 16 minutes
#   NEIGHBOUR="2 3" scripts/perf/env-ab.sh DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70
#   PATTERN=pm SENDERS=100 RATE=2000 ROUNDS=3 scripts/perf/env-ab.sh DOTNET_GCgen0size=0x4000000
#   PATTERN=pm SENDERS=100 RATE=2000 ROUNDS=3 scripts/perf/env-ab.sh --Telemetry:TraceSampleRatio=0
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || { echo "usage: $0 NAME=VALUE|--Section:Key=value ..." >&2; exit 64; }
mkdir -p results
out="${OUT:-$PWD/results/env-ab-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
rounds="${ROUNDS:-5}" blocks="${BLOCKS:-4}"
pattern="${PATTERN:-broadcast}" senders="${SENDERS:-10}" rate="${RATE:-200}"
load="1000x${senders}x${rate}"
[ "$pattern" = broadcast ] || load="$load $pattern"

block() { # label, then the environment and AppHost settings to add (none for the checkout as it is)
  local label="$1"; shift
  local environment=() settings=()
  for added in "$@"; do
    case "$added" in --*) settings+=("$added") ;; *) environment+=("$added") ;; esac
  done
  env "${environment[@]}" scripts/perf/onlinechat.sh start "${settings[@]}" >/dev/null
  local pids; pids="$(scripts/perf/onlinechat.sh pids)"
  scripts/perf/onlinechat.sh warm "$lg"
  # The warm-up is broadcast: another pattern's own code is compiled again, optimized, during its first
  # run, which is not measured.
  [ "$pattern" = broadcast ] || "$lg" --proto frame --ports 8888,8889,8890 --clients 1000 --senders "$senders" \
    --pattern "$pattern" --group-size 10 --rate "$rate" --duration 10 >/dev/null 2>&1 || true
  for _ in $(seq 1 "$rounds"); do
    record "$label-$load" "$lg" --proto frame --ports 8888,8889,8890 --clients 1000 --senders "$senders" \
      --pattern "$pattern" --group-size 10 --rate "$rate" --duration 10 $pids
  done
  scripts/perf/onlinechat.sh stop
  sleep 10
}

for i in $(seq 1 "$blocks"); do
  if [ $((i % 2)) -eq 1 ]; then block onlinechat3; else block "onlinechat3 with $*" "$@"; fi
done
python3 scripts/perf/table.py --repeats "$out"
echo "Results in $out; full log in $work/log" >&2
