#!/usr/bin/env bash
# What 10,000 clients leaving at once does to the gateways' leases (docs/operations.md, "A mass
# departure"): starts OnlineChat (scripts/perf/onlinechat.sh), logs in 10,000 idle clients with
# onlinechat-bench, lets them all drop at once, then samples the directory every half second for 60 s.
# Prints how long the logouts took and, per gateway, the longest gap between lease renewals it saw and how
# many samples found the lease missing (taken by presence's sweep, which logs that gateway's users out).
# Takes about two minutes; let the machine be otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n 20000
dotnet build -c Release src/OnlineChat.Bench -v q -nologo >/dev/null
WAIT_PORTS="8888 8889 8890" scripts/perf/onlinechat.sh start >/dev/null
trap 'scripts/perf/onlinechat.sh stop' EXIT
port="$(scripts/perf/onlinechat.sh redis-port)"
src/OnlineChat.Bench/bin/Release/net10.0/onlinechat-bench --workload idle --clients 10000 --concurrency 200 \
  --duration 2 $(scripts/perf/onlinechat.sh pids) | grep -E '^(connect|idle) '
# The bench has exited: its 10,000 connections are closed. One round trip per sample: users, then leases.
sample="return {redis.call('HLEN', 'oc:users'), unpack(redis.call('ZRANGE', 'oc:gateways', 0, -1, 'WITHSCORES'))}"
for _ in $(seq 1 120); do
  echo "$(date +%s.%N) $(redis-cli -p "$port" eval "$sample" 0 | tr '\n' ' ')"
  sleep 0.5
done | python3 -c '
import sys
start, emptied, seen, last, gap, missing = None, None, set(), {}, {}, {}
samples = [line.split() for line in sys.stdin if line.strip()]
for fields in samples:
    t, users, leases = float(fields[0]), int(fields[1]), fields[2:]
    start = start or t
    if users == 0 and emptied is None:
        emptied = t - start
    present = dict(zip(leases[0::2], map(float, leases[1::2])))
    seen |= present.keys()
    for gw in seen - present.keys():
        missing[gw] = missing.get(gw, 0) + 1
    for gw, expiry in present.items():
        if gw in last and expiry != last[gw]:
            gap[gw] = max(gap.get(gw, 0), (expiry - last[gw]) / 1000)
        last[gw] = expiry
print(f"logouts done after {emptied:.1f} s" if emptied is not None else "logouts still going after 60 s")
for gw in sorted(seen):
    print(f"{gw}: longest gap between renewals seen {gap.get(gw, 0):.1f} s, lease missing in {missing.get(gw, 0)} of {len(samples)} samples")
'
