#!/usr/bin/env bash
# One redis-server against a local Redis Cluster of three masters (the AppHost's Redis:Mode=cluster) under
# the same PM and group load: the loadgen (../shared/tools/loadgen), 1000 clients, 100 senders, groups of
# 10, 10 s per row at RATES msg/s (default "2000 8000"), ROUNDS times (default 1), each mode after the
# usual two-minute warm-up. Appends the RESULT lines to $OUT and prints the table. About 12 minutes.
#   scripts/perf/redis-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p results
out="${OUT:-$PWD/results/redis-cluster-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
rates="${RATES:-2000 8000}" rounds="${ROUNDS:-1}"
load=(--clients 1000 --senders 100 --group-size 10 --duration 10 --proto frame --ports 8888,8889,8890)

for mode in process cluster; do
  scripts/perf/onlinechat.sh start "--Redis:Mode=$mode" >/dev/null
  pids="$(scripts/perf/onlinechat.sh pids)"
  scripts/perf/onlinechat.sh warm "$lg"
  # The warm-up's broadcasts never ran the PM and group paths: ten seconds of each compiles them.
  for pattern in pm groups; do "$lg" "${load[@]}" --pattern "$pattern" --rate 2000 >/dev/null 2>&1; done
  sleep 3
  for _ in $(seq 1 "$rounds"); do
    for pattern in pm groups; do
      for rate in $rates; do
        record "onlinechat3 with Redis:Mode=$mode-$pattern-$rate" "$lg" "${load[@]}" --pattern "$pattern" --rate "$rate" $pids
      done
    done
  done
  scripts/perf/onlinechat.sh stop
done

python3 scripts/perf/table.py --patterns "$out"
echo "Results in $out; full log in $work/log" >&2
