# Shared by compare.sh, light-load.sh and pm-groups.sh (sourced, from the repository root, with `out` set
# to the results file): installs the peers when missing, builds the C load generator into a scratch
# folder, defines `record`, starts the optional noisy neighbour, and stops on exit whatever the script
# started.
# Sets: root, loadgen_src, work, lg.
root="$PWD"
loadgen_src="${LOADGEN_DIR:-$root/../shared/tools/loadgen}"
work="$(mktemp -d)"
ulimit -n 20000

for tool in ngircd inspircd redis-server; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ngircd inspircd redis-server >/dev/null; break; }
done
cp -r "$loadgen_src" "$work/loadgen" && make -s -C "$work/loadgen"
lg="$work/loadgen/loadgen"

record() { # label, then the command; keeps the RESULT line, tagged with the label
  local label="$1"; shift
  echo "== $label: $*" >&2
  "$@" 2>&1 | tee -a "$work/log" | sed -n -e 's/"label":"",//' -e "s/^RESULT {/{\"label\":\"$label\",/p" | tee -a "$out"
  sleep 5 # Let the servers go idle (IRC servers broadcast QUITs for a while).
}

# However the script ends (done, an error, Ctrl-C), nothing it started stays up: a server left running
# would share the cores with the next measurement.
stop_everything() { # both stops do nothing when nothing of theirs is up
  PEERS_STATE="$work/peers" bash "$loadgen_src/peers/stop-peers.sh" >/dev/null 2>&1 || true
  scripts/perf/onlinechat.sh stop || true
  stop_floor
  if [ -f "$work/neighbour.pid" ]; then kill "$(cat "$work/neighbour.pid")" 2>/dev/null || true; fi
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The design's floor (scripts/perf/relay-floor.c): a redis-server (AOF on, as OnlineChat's) and N C
# relays, each on a free port, with "log" as second argument logging every message; prints the relays'
# ports joined by ',' and keeps every pid in $work/floor.pids.
start_floor() {
  local n="$1" mode="${2:-}" redis_port ports=()
  rm -rf "$work/floor-data" && mkdir -p "$work/floor-data"
  cc -O2 -o "$work/relay-floor" scripts/perf/relay-floor.c
  redis_port="$(free_port)"
  # Started in the background with their output to a file: the caller reads the ports with $(...), which
  # would otherwise wait for them to exit.
  redis-server --port "$redis_port" --save '' --appendonly yes --dir "$work/floor-data" >> "$work/floor.log" 2>&1 &
  echo $! > "$work/floor.pids"
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  for _ in $(seq 1 "$n"); do
    ports+=("$(free_port)")
    "$work/relay-floor" "${ports[-1]}" "$redis_port" $mode >> "$work/floor.log" 2>&1 &
    echo $! >> "$work/floor.pids"
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  done
  (IFS=,; echo "${ports[*]}")
}

stop_floor() {
  if [ -f "$work/floor.pids" ]; then
    kill $(cat "$work/floor.pids") 2>/dev/null || true
    rm -f "$work/floor.pids"
  fi
}

trap stop_everything EXIT
trap 'exit 130' INT TERM

# NEIGHBOUR="BUSY_MS IDLE_MS" runs scripts/perf/neighbour.c for the whole script (spinning BUSY_MS, then
# sleeping IDLE_MS): the same measurements on a machine that something else keeps busy in bursts.
if [ -n "${NEIGHBOUR:-}" ]; then
  cc -O2 -o "$work/neighbour" scripts/perf/neighbour.c
  "$work/neighbour" $NEIGHBOUR &
  echo $! > "$work/neighbour.pid"
fi
