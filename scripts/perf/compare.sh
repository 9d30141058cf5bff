#!/usr/bin/env bash
# Runs the same workloads through ngircd, InspIRCd and OnlineChat on this machine with the C load generator
# (../shared/tools/loadgen, or $LOADGEN_DIR), plus OnlineChat's own group/PM/idle workloads with
# onlinechat-bench, and appends every RESULT line to $OUT (default: perf-results-<date>.jsonl).
# Needs: apt-get install ngircd inspircd redis-server (installed if missing). Takes about 35 minutes.
# Rates swept (messages/s, besides 200) can be overridden: RATES_1000x10 / RATES_2000x1 (OnlineChat, three
# gateways), ONE_GATEWAY_RATES_*, NGIRCD_RATES_*, INSPIRCD_RATES_*.
# Let the machine be otherwise idle: the generator and the servers share its cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p results
out="${OUT:-$PWD/results/perf-results-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
dotnet build -c Release src/OnlineChat.Bench -v q -nologo >/dev/null
bench="$root/src/OnlineChat.Bench/bin/Release/net10.0/onlinechat-bench"

# --- Peers (SKIP_PEERS=1 to measure OnlineChat only) ----------------------------------------------------
if [ -z "${SKIP_PEERS:-}" ]; then
PEERS_STATE="$work/peers" bash "$loadgen_src/peers/start-peers.sh" >/dev/null
ngircd_pid="$(cat "$work/peers/ngircd.pid")"; insp_pid="$(cat "$work/peers/inspircd.pid")"
for rate in 200 ${NGIRCD_RATES_1000x10:-1000 1500 2000 2800}; do
  record "ngircd-1000x10x$rate" "$lg" --proto irc --port 6667 --clients 1000 --senders 10 --rate "$rate" --duration 10 --concurrency 10 --server-pid "$ngircd_pid"
done
for rate in ${NGIRCD_RATES_2000x1:-400 600 800}; do
  record "ngircd-2000x1x$rate" "$lg" --proto irc --port 6667 --clients 2000 --senders 1 --rate "$rate" --duration 10 --concurrency 10 --server-pid "$ngircd_pid"
done
for rate in 200 ${INSPIRCD_RATES_1000x10:-1000 2000 2400}; do
  record "inspircd-1000x10x$rate" "$lg" --proto irc --port 6668 --clients 1000 --senders 10 --rate "$rate" --duration 10 --concurrency 500 --server-pid "$insp_pid"
done
for rate in ${INSPIRCD_RATES_2000x1:-800}; do
  record "inspircd-2000x1x$rate" "$lg" --proto irc --port 6668 --clients 2000 --senders 1 --rate "$rate" --duration 10 --concurrency 500 --server-pid "$insp_pid"
done
PEERS_STATE="$work/peers" bash "$loadgen_src/peers/stop-peers.sh" >/dev/null 2>&1 || true
fi

# --- OnlineChat: 3 gateways + redis + presence (+ the dashboard, not counted) ----------------------------
run_onlinechat() { # label prefix, ports, AppHost args...
  local name="$1" ports="$2"; shift 2
  WAIT_PORTS="${ports//,/ }" scripts/perf/onlinechat.sh start "$@" >/dev/null
  local pids; pids="$(scripts/perf/onlinechat.sh pids)"
  scripts/perf/onlinechat.sh warm "$lg" "$ports" # two minutes: the JIT's tail ends before the rows
  for rate in 200 ${RATES_1000x10:-1000 1500 2000 2800}; do
    record "$name-1000x10x$rate" "$lg" --proto frame --ports "$ports" --clients 1000 --senders 10 --rate "$rate" --duration 10 $pids
  done
  for rate in ${RATES_2000x1:-400 600 800 1200}; do
    record "$name-2000x1x$rate" "$lg" --proto frame --ports "$ports" --clients 2000 --senders 1 --rate "$rate" --duration 10 $pids
  done
  # The same warm-up for the PM and group paths (directory lookups), which the broadcasts never ran.
  "$bench" --workload pm --ports "$ports" --clients 1000 --senders 1000 --rate 5000 --duration 5 >/dev/null 2>&1
  "$bench" --workload group --ports "$ports" --clients 1000 --group-size 10 --senders 100 --rate 2000 --duration 5 >/dev/null 2>&1
  sleep 3
  record "$name-group-100x10" "$bench" --workload group --ports "$ports" --clients 1000 --group-size 10 --senders 100 --rate 2000 --duration 10 $pids
  record "$name-pm-1000" "$bench" --workload pm --ports "$ports" --clients 1000 --senders 1000 --rate 5000 --duration 10 $pids
  # Idle last, on processes that have grown to their working size: the bench reports what each connection
  # after the first tenth added (a fresh process also grows once: compiled code, pools, heap budgets).
  record "$name-idle-10000" "$bench" --workload idle --ports "$ports" --clients 10000 --concurrency 200 --duration 5 $pids
  scripts/perf/onlinechat.sh stop
  sleep 10
}
run_onlinechat onlinechat3 8888,8889,8890
RATES_1000x10="${ONE_GATEWAY_RATES_1000x10:-2000 2800}" RATES_2000x1="${ONE_GATEWAY_RATES_2000x1:-800}" \
  run_onlinechat onlinechat1 8888 --Gateways:Count=1

echo "Results in $out; full log in $work/log" >&2
