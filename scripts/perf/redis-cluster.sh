#!/usr/bin/env bash
# One redis-server against a local Redis Cluster of three masters (the AppHost's Redis:Mode=cluster), the
# cluster once with classic pub/sub and once with sharded pub/sub (Backplane:PubSub, the AppHost's default
# on a cluster), under the same load: the loadgen (../shared/tools/loadgen), 1000 clients, broadcast from 10
# senders at BROADCAST_RATES msg/s (default "200 2000"), PMs and groups of 10 from 100 senders at RATES
# msg/s (default "2000 8000"), 10 s per row, ROUNDS times (default 1), each setup after the usual
# two-minute warm-up. Appends the RESULT lines to $OUT and prints the table. About 18 minutes.
#   scripts/perf/redis-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p results
out="${OUT:-$PWD/results/redis-cluster-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
rates="${RATES:-2000 8000}" broadcast_rates="${BROADCAST_RATES:-200 2000}" rounds="${ROUNDS:-1}"
load=(--clients 1000 --group-size 10 --duration 10 --proto frame --ports 8888,8889,8890)

# Each setup: the label's variant (no "-" in it: table.py splits the label there), then the AppHost's arguments.
setups=(
  "Redis:Mode=process|--Redis:Mode=process"
  "Redis:Mode=cluster PubSub=classic|--Redis:Mode=cluster --Backplane:PubSub=classic"
  "Redis:Mode=cluster PubSub=sharded|--Redis:Mode=cluster --Backplane:PubSub=sharded"
)
for setup in "${setups[@]}"; do
  variant="${setup%%|*}"
  read -r -a arguments <<< "${setup#*|}"
  scripts/perf/onlinechat.sh start "${arguments[@]}" >/dev/null
  pids="$(scripts/perf/onlinechat.sh pids)"
  scripts/perf/onlinechat.sh warm "$lg"
  # The warm-up's broadcasts never ran the PM and group paths: ten seconds of each compiles them.
  for pattern in pm groups; do "$lg" "${load[@]}" --senders 100 --pattern "$pattern" --rate 2000 >/dev/null 2>&1; done
  sleep 3
  for _ in $(seq 1 "$rounds"); do
    for rate in $broadcast_rates; do
      record "onlinechat3 with $variant-broadcast-$rate" "$lg" "${load[@]}" --senders 10 --pattern broadcast --rate "$rate" $pids
    done
    for pattern in pm groups; do
      for rate in $rates; do
        record "onlinechat3 with $variant-$pattern-$rate" "$lg" "${load[@]}" --senders 100 --pattern "$pattern" --rate "$rate" $pids
      done
    done
  done
  scripts/perf/onlinechat.sh stop
done

python3 scripts/perf/table.py --patterns "$out"
echo "Results in $out; full log in $work/log" >&2
