# Shared by compare.sh and light-load.sh (sourced, from the repository root): installs the peers when
# missing, builds the C load generator into a scratch folder, and defines `record`.
# Sets: root, loadgen_src, work, lg, out (from $OUT or the given default).
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
