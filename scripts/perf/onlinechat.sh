#!/usr/bin/env bash
# Starts or stops OnlineChat for benchmarking: the AppHost in Release with the per-client limits lifted
# (the load generators send hundreds of messages per second per client from one address) and 1 % of
# traces sampled. Extra arguments go to the AppHost, e.g. --Telemetry:TraceSampleRatio=1.
#   scripts/perf/onlinechat.sh start [AppHost args...]   # waits until 8888-8890 accept
#   scripts/perf/onlinechat.sh pids                      # --server-pid arguments: gateways, redis, presence
#   scripts/perf/onlinechat.sh redis-port                # the port of its redis-server
#   scripts/perf/onlinechat.sh warm LOADGEN [PORTS]      # two minutes of broadcast load before measuring
#   scripts/perf/onlinechat.sh stop
set -euo pipefail
cd "$(dirname "$0")/../.."
state="${TMPDIR:-/tmp}/onlinechat-bench"
mkdir -p "$state"

pids() {
  # DCP, which starts the resources, detaches from the AppHost but names it with --monitor: follow
  # AppHost → dcp apiserver → dcp controllers → everything below, and keep the processes that serve.
  local apphost api controllers
  apphost="$(pgrep -f "net10.0/OnlineChat.AppHost " | head -n1)"
  api="$(pgrep -f "dcp start-apiserver --monitor $apphost" | head -n1)"
  controllers="$(pgrep -f "dcp run-controllers .*--monitor $api" | head -n1)"
  ps -e -o pid=,ppid=,args= | awk -v root="$controllers" '
    { parent[$1] = $2; line[$1] = $0 }
    END {
      for (p in line) {
        for (q = p; q in parent && q != root && q > 1; q = parent[q]) {}
        if (q == root && (line[p] ~ /OnlineChat\.(Gateway|Presence)$/ || line[p] ~ /^ *[0-9]+ +[0-9]+ redis-server /))
          printf "--server-pid %s ", p
      }
      print ""
    }'
}

case "${1:-}" in
  start)
    shift
    scripts/ensure-redis.sh
    # The gateways of a system stopped a moment ago may still be finishing: the wait below must see this
    # system's ports, not theirs (a run once measured two of its seven processes that way).
    for port in ${WAIT_PORTS:-8888 8889 8890}; do
      for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break; sleep 1; done
    done
    dotnet build -c Release OnlineChat.AppHost -v q -nologo >/dev/null
    # A fresh data folder every time: Redis's log, histories and accounts of an earlier run (hundreds of
    # MB after a few PM runs, which each conversation pair adds to) would make runs depend on each other.
    rm -rf "$state/data"
    setsid dotnet run -c Release --no-build --project OnlineChat.AppHost --launch-profile http -- \
      --Gateway:MessagesPerSecond=0 --Gateway:MaxConnectionsPerAddress=0 --Gateway:AddressMessagesPerSecond=0 \
      --Gateway:MaxHandshakesPerAddress=0 --Telemetry:TraceSampleRatio=0.01 --Deployment:DataDirectory="$state/data" "$@" \
      > "$state/apphost.log" 2>&1 &
    echo $! > "$state/apphost.pid"
    for port in ${WAIT_PORTS:-8888 8889 8890}; do
      for _ in $(seq 1 180); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 1; done
    done
    pids | grep -o '[0-9]*' > "$state/serving.pids"
    echo "OnlineChat up; log in $state/apphost.log"
    ;;
  pids) pids ;;
  redis-port)
    for pid in $(pids | grep -o '[0-9]*'); do
      ps -o args= -p "$pid" | sed -n 's/^redis-server [0-9.]*:\([0-9]*\).*/\1/p'
    done | head -n1
    ;;
  warm)
    # .NET compiles hot code again, optimized, on a background thread, and code that runs only now and
    # then (the HTTP client, OpenTelemetry's exporters) gets there late: across our processes that thread
    # takes most of a core for the first ~30 s of load and goes quiet after ~100 s. 40 s at 1000 msg/s,
    # then 80 s at 200 msg/s, which leaves it CPU to finish: what follows measures the steady state.
    lg="$2" ports="${3:-8888,8889,8890}"
    "$lg" --proto frame --ports "$ports" --clients 1000 --senders 10 --rate 1000 --duration 40 >/dev/null 2>&1
    "$lg" --proto frame --ports "$ports" --clients 1000 --senders 10 --rate 200 --duration 80 >/dev/null 2>&1
    sleep 3
    ;;
  stop)
    # start writes the pid file as soon as the AppHost runs and stop removes it: no file, nothing to stop.
    [ -f "$state/apphost.pid" ] || exit 0
    apphost="$(cat "$state/apphost.pid")"
    kill -TERM -- "-$apphost" 2>/dev/null || true
    # The orchestrator, detached from the AppHost, stops what it started; once in a while a redis-server
    # outlived it here, so whatever still serves after the AppHost is gone is stopped too.
    for _ in $(seq 1 30); do kill -0 "$apphost" 2>/dev/null || break; sleep 1; done
    sleep 5
    for pid in $(cat "$state/serving.pids" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
    rm -f "$state/apphost.pid" "$state/serving.pids" # a later stop must not signal a reused pid
    ;;
  *) echo "usage: $0 start [AppHost args] | pids | redis-port | warm LOADGEN [PORTS] | stop" >&2; exit 64 ;;
esac
