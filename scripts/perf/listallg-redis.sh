#!/usr/bin/env bash
# How long one /listallg holds Redis when there are many groups (docs/operations.md, "Known limits"):
# starts a throwaway redis-server on a free port, fills it with GROUP_COUNT groups (default 20,000, each with
# one member) under the directory's keys, then pages through them as ChatDirectory.AllGroupsAsync does
# (all-groups.lua by EVALSHA, PAGE groups a call, default 250, as GroupsPerPage) and prints the calls and
# Redis's time per call from INFO commandstats. About 10 s.
#   scripts/perf/listallg-redis.sh
#   GROUP_COUNT=2000 PAGE=500 scripts/perf/listallg-redis.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
groups="${GROUP_COUNT:-20000}" page="${PAGE:-250}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
redis-server --port "$port" --save "" --appendonly no --daemonize yes --pidfile "/tmp/listallg-redis-$port.pid" >/dev/null
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

# The keys helpers.lua describes, for the prefix "perf:": the group hash, the lower-case index, the members.
awk -v n="$groups" 'BEGIN { for (i = 0; i < n; i++) {
  g = sprintf("group%05d", i)
  printf "HSET perf:groups %s owner%d\nHSET perf:groupnames %s %s\nZADD perf:group:%s:members 1 owner%d\n", g, i % 1000, g, g, g, i % 1000 } }' \
  | redis-cli -p "$port" >/dev/null

script="$(cat src/OnlineChat.Backplane/Scripts/helpers.lua; echo; cat src/OnlineChat.Backplane/Scripts/all-groups.lua)"
sha="$(redis-cli -p "$port" script load "$script")"
redis-cli -p "$port" config resetstat >/dev/null
cursor=0 calls=0
while :; do
  cursor="$(redis-cli -p "$port" evalsha "$sha" 0 perf: guest 0 "$cursor" "$page" | awk 'NR == 1')"
  calls=$((calls + 1))
  [[ "$cursor" == 0 || $calls -ge 100000 ]] && break
done
echo "groups=$groups page=$page calls=$calls"
redis-cli -p "$port" info commandstats | grep '^cmdstat_evalsha:'
