#!/usr/bin/env bash
# The one table of docs/performance.md: the same C load generator workloads (../shared/tools/loadgen;
# 1000 clients, 10 s each) through ngircd, InspIRCd, the design's floor (scripts/perf/relay-floor.c:
# three C relays over Redis pub/sub, without and with a message log; PMs and groups only) and OnlineChat
# (three gateways, after the usual two-minute warm-up): broadcast to one room (10 senders) at
# BROADCAST_RATES msg/s (default "200 2000"; "" for none), PMs and groups of 10 (100 senders) at RATES (default
# "2000 8000"), ROUNDS times each (default 1). Appends the RESULT lines to $OUT and prints the table,
# with CPU per delivery as a multiple of ngircd's. About 17 minutes. The maximum sustained broadcast
# rates are compare.sh's sweep.
#   scripts/perf/pm-groups.sh                        # all of them
#   SKIP_PEERS=1 scripts/perf/pm-groups.sh           # OnlineChat only (no peers, no floor)
#   SKIP_PEERS=1 scripts/perf/pm-groups.sh /tmp/old  # another checkout's servers, measured with these tools
set -euo pipefail
cd "$(dirname "$0")/../.."
tree="$(realpath "${1:-.}")"
mkdir -p results
out="${OUT:-$PWD/results/pm-groups-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
rates="${RATES:-2000 8000}" broadcast_rates="${BROADCAST_RATES-200 2000}" rounds="${ROUNDS:-1}"
load=(--clients 1000 --group-size 10 --duration 10)

each() { # label prefix, then the loadgen arguments naming the server
  local name="$1"; shift
  for _ in $(seq 1 "$rounds"); do
    for rate in $broadcast_rates; do
      record "$name-broadcast-$rate" "$lg" "${load[@]}" --senders 10 --pattern broadcast --rate "$rate" "$@"
    done
    for pattern in pm groups; do
      for rate in $rates; do
        record "$name-$pattern-$rate" "$lg" "${load[@]}" --senders 100 --pattern "$pattern" --rate "$rate" "$@"
      done
    done
  done
}

if [ -z "${SKIP_PEERS:-}" ]; then
  PEERS_STATE="$work/peers" bash "$loadgen_src/peers/start-peers.sh" >/dev/null
  each ngircd --proto irc --port 6667 --concurrency 10 --server-pid "$(cat "$work/peers/ngircd.pid")"
  each inspircd --proto irc --port 6668 --concurrency 500 --server-pid "$(cat "$work/peers/inspircd.pid")"
  PEERS_STATE="$work/peers" bash "$loadgen_src/peers/stop-peers.sh" >/dev/null 2>&1 || true

  # The floor: what any implementation of this design pays per message on this machine (no broadcast
  # rows), with pub/sub alone and with every message logged first.
  for mode in "" log; do
    floor_ports="$(start_floor 3 $mode)"
    broadcast_rates="" each "floor${mode:+log}" --proto frame --ports "$floor_ports" $(sed 's/^/--server-pid /' "$work/floor.pids")
    stop_floor
  done
fi

"$tree/scripts/perf/onlinechat.sh" start >/dev/null
pids="$(scripts/perf/onlinechat.sh pids)"
scripts/perf/onlinechat.sh warm "$lg"
# The warm-up's broadcasts never ran the PM and group paths: ten seconds of each compiles them.
for pattern in pm groups; do "$lg" "${load[@]}" --senders 100 --proto frame --ports 8888,8889,8890 --pattern "$pattern" --rate 2000 >/dev/null 2>&1; done
sleep 3
# Another checkout's rows carry its commit ("onlinechat3 at abc1234"), so two checkouts' runs can share a file.
name=onlinechat3
[ "$tree" = "$(pwd -P)" ] || name="onlinechat3 at $(git -C "$tree" rev-parse --short HEAD)"
each "$name" --proto frame --ports 8888,8889,8890 $pids
"$tree/scripts/perf/onlinechat.sh" stop

python3 scripts/perf/table.py --patterns "$out"
echo "Results in $out; full log in $work/log" >&2
