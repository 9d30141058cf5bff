#!/usr/bin/env bash
# The failover drill (docs/operations.md, "The failover drill"). Starts OnlineChat (Release, as for the
# benchmarks), then runs `onlinechat-bench drill` twice: once SIGKILLing gateway 3 (port 8890) while
# resuming clients chat, once SIGKILLing redis-server. The AppHost starts each again by itself. Prints
# each run's report and appends its JSON line to results/failover-drill.jsonl (OUT=… to change).
# Extra arguments go to both drills, e.g. --clients 120 --interval 0.5.
#   scripts/failover-drill.sh [drill options...]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-results/failover-drill.jsonl}"
mkdir -p "$(dirname "$out")"

trap 'scripts/perf/onlinechat.sh stop' EXIT
scripts/perf/onlinechat.sh start
dotnet build -c Release src/OnlineChat.Bench -v q -nologo >/dev/null
bench=(dotnet src/OnlineChat.Bench/bin/Release/net10.0/onlinechat-bench.dll drill)

pid_on_port() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2; }
redis_pid() {
  for pid in $(scripts/perf/onlinechat.sh pids | grep -o '[0-9]*'); do
    ps -o args= -p "$pid" | grep -q '^redis-server' && echo "$pid"
  done | head -n1
}
wait_for_port() { for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.5; done; }
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src OnlineChat.AppHost || echo +)"
drill() { # scenario, then bench options
  local scenario="$1"; shift
  echo "== $scenario ($(nproc) cores, $(date -u +%FT%TZ), commit $commit)" >&2
  "${bench[@]}" --scenario "$scenario" "$@" | tee /dev/stderr | grep '^{' \
    | sed "s/^{/{\"date\":\"$(date -u +%F)\",\"commit\":\"$commit\",/" >> "$out" || true
}

gateway="$(pid_on_port 8890)"
drill gateway-killed --kill "kill -9 $gateway" --killed-port 8890 "$@"
wait_for_port 8890
drill redis-killed --kill "kill -9 $(redis_pid)" "$@"
