#!/usr/bin/env bash
# A login burst on a cold system: OnlineChat started fresh (nothing compiled yet), then 1000 clients of
# the groups pattern connect at once (each logs in, then creates or joins its group of 10: three calls
# from its gateway to presence). Records loadgen's RESULT line with how long the connects took
# (connect_s) and how many lines the services wrote to their consoles meanwhile (console_lines: every one
# is also exported to the dashboard). With BEFORE=<git ref>, alternates runs of that commit, built in a
# scratch worktree, with runs of this checkout, so a drift of the machine falls on both.
#   scripts/perf/login-burst.sh                   # this checkout, ROUNDS runs (default 3)
#   BEFORE=HEAD~1 scripts/perf/login-burst.sh     # that commit and this checkout, ROUNDS runs each
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p results
out="${OUT:-$PWD/results/login-burst-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
rounds="${ROUNDS:-3}"

if [ -n "${BEFORE:-}" ]; then
  before_tree="$work/before"
  git worktree add -q --detach "$before_tree" "$BEFORE"
  trap 'stop_everything; git worktree remove --force "$before_tree"' EXIT
fi

burst() { # label, checkout
  local label="$1" tree="$2" dcp console
  "$tree/scripts/perf/onlinechat.sh" start >/dev/null
  # DCP keeps each resource's console output in its newest temporary folder.
  dcp="$(ls -td "${TMPDIR:-/tmp}"/aspire-dcp* | head -n1)"
  local before; before="$(wc -l < "$out" 2>/dev/null || echo 0)"
  record "$label" "$lg" --proto frame --ports 8888,8889,8890 --clients 1000 --senders 100 \
    --pattern groups --group-size 10 --rate 200 --duration 3 >/dev/null
  console="$(cat "$dcp"/*_out "$dcp"/*_err 2>/dev/null | wc -l)"
  # record appended the RESULT line, unless the load generator printed none: add the count to it.
  if [ "$(wc -l < "$out")" -gt "$before" ]; then
    sed -i "\$s/}\$/,\"console_lines\":$console}/" "$out"
    tail -n1 "$out"
  else
    echo "$label: no RESULT line (see the load generator's log in $work/log)" >&2
  fi
  "$tree/scripts/perf/onlinechat.sh" stop
}

for _ in $(seq 1 "$rounds"); do
  [ -z "${BEFORE:-}" ] || burst "before-$BEFORE" "$before_tree"
  burst "this-checkout" "$PWD"
done
echo "results in $out" >&2
