#!/usr/bin/env bash
# Joins the redis-server masters given as host:port into one Redis Cluster (redis-cli --cluster create,
# no replicas), unless they already form one: the AppHost runs this on every start, and a cluster whose
# nodes kept their nodes.conf (same ports, same data folder) is whole again by itself.
#   scripts/redis-cluster-create.sh 127.0.0.1:7100 127.0.0.1:7101 127.0.0.1:7102
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 host:port host:port host:port [...]" >&2; exit 64; }

first_host="${1%:*}"
first_port="${1##*:}"
assigned="$(redis-cli -h "$first_host" -p "$first_port" cluster info | tr -d '\r' | sed -n 's/^cluster_slots_assigned://p')"
if [ "$assigned" = "16384" ]; then
  echo "The nodes form a cluster already (all 16384 slots assigned)."
else
  redis-cli --cluster create "$@" --cluster-replicas 0 --cluster-yes
fi

# Ready when every master says so: the services connect only after this.
for node in "$@"; do
  for _ in $(seq 1 100); do
    if redis-cli -h "${node%:*}" -p "${node##*:}" cluster info | tr -d '\r' | grep -q '^cluster_state:ok$'; then
      continue 2
    fi
    sleep 0.1
  done
  echo "$node does not report cluster_state:ok after 10 s." >&2
  exit 1
done
echo "Redis Cluster ready: $*"
