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
  if [ -f "$work/neighbour.pid" ]; then kill "$(cat "$work/neighbour.pid")" 2>/dev/null || true; fi
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
