#!/usr/bin/env bash
# The group and PM rows of compare.sh on their own: onlinechat-bench's 100 groups of 10 (2000 msg/s) and
# 1000 clients sending random PMs (5000 msg/s), ROUNDS times each (default 3), alternating, on three
# gateways after the usual two-minute warm-up; appends the RESULT lines to $OUT and prints the medians.
# Given another checkout, starts that one's servers and measures them with this checkout's tools, so a
# change can be set beside the commit before it on the same machine:
#   scripts/perf/group-pm.sh                                      # this checkout, about 5 minutes
#   git worktree add /tmp/before HEAD~1 && scripts/perf/group-pm.sh /tmp/before
set -euo pipefail
cd "$(dirname "$0")/../.."
tree="$(realpath "${1:-.}")"
label="${LABEL:-$(git -C "$tree" rev-parse --short HEAD)$(git -C "$tree" diff --quiet HEAD || echo +)}"
mkdir -p results
out="${OUT:-$PWD/results/group-pm-$(date +%Y%m%d-%H%M).jsonl}"
source scripts/perf/common.sh
rounds="${ROUNDS:-3}" ports=8888,8889,8890
dotnet build -c Release src/OnlineChat.Bench -v q -nologo >/dev/null
bench="$root/src/OnlineChat.Bench/bin/Release/net10.0/onlinechat-bench"
group=(--workload group --ports "$ports" --clients 1000 --group-size 10 --senders 100 --rate 2000)
pm=(--workload pm --ports "$ports" --clients 1000 --senders 1000 --rate 5000)

"$tree/scripts/perf/onlinechat.sh" start >/dev/null
pids="$(scripts/perf/onlinechat.sh pids)"
scripts/perf/onlinechat.sh warm "$lg"
# The broadcasts of the warm-up never ran the directory lookups: five seconds of each compiles them.
"$bench" "${group[@]}" --duration 5 >/dev/null 2>&1
"$bench" "${pm[@]}" --duration 5 >/dev/null 2>&1
for _ in $(seq 1 "$rounds"); do
  record "$label-group-100x10" "$bench" "${group[@]}" --duration 10 $pids
  record "$label-pm-1000" "$bench" "${pm[@]}" --duration 10 $pids
done
scripts/perf/onlinechat.sh stop
python3 scripts/perf/table.py --repeats "$out"
echo "Results in $out; full log in $work/log" >&2
