#!/usr/bin/env bash
# The light-load row (1000 clients, 10 senders, 200 msg/s) repeated, because one run of it says little on a
# shared 2-core machine: p99 moves by ±20 ms from run to run. Runs it ROUNDS times (default 5) on ngircd,
# then ROUNDS times on OnlineChat (three gateways, after the usual two-minute warm-up), then ROUNDS times
# on ngircd again, so a drift of the machine over the run shows up as a difference between ngircd's two
# blocks. Appends the RESULT lines to $OUT (default: light-load-<date>.jsonl) and prints the medians:
#   scripts/perf/light-load.sh            # about 10 minutes
#   python3 scripts/perf/table.py --repeats light-load-<date>.jsonl
#   NEIGHBOUR="2 3" scripts/perf/light-load.sh   # the same beside a process that takes 40 % of a core in bursts
# The peers of start-peers.sh are stopped while OnlineChat runs, and OnlineChat while they run.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p results
out="${OUT:-$PWD/results/light-load-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
rounds="${ROUNDS:-5}" rate="${RATE:-200}"

ngircd_block() {
  PEERS_STATE="$work/peers" bash "$loadgen_src/peers/start-peers.sh" >/dev/null
  local pid; pid="$(cat "$work/peers/ngircd.pid")"
  for _ in $(seq 1 "$rounds"); do
    record "ngircd-1000x10x$rate" "$lg" --proto irc --port 6667 --clients 1000 --senders 10 --rate "$rate" --duration 10 --concurrency 10 --server-pid "$pid"
  done
  PEERS_STATE="$work/peers" bash "$loadgen_src/peers/stop-peers.sh" >/dev/null 2>&1 || true
  sleep 5
}

ngircd_block
scripts/perf/onlinechat.sh start >/dev/null
pids="$(scripts/perf/onlinechat.sh pids)"
scripts/perf/onlinechat.sh warm "$lg"
for _ in $(seq 1 "$rounds"); do
  record "onlinechat3-1000x10x$rate" "$lg" --proto frame --ports 8888,8889,8890 --clients 1000 --senders 10 --rate "$rate" --duration 10 $pids
done
scripts/perf/onlinechat.sh stop
sleep 10
ngircd_block
python3 scripts/perf/table.py --repeats "$out"
echo "Results in $out; full log in $work/log" >&2
