#!/usr/bin/env bash
# Starts the whole system: redis-server, the presence service, the gateways and the Aspire dashboard.
set -euo pipefail
cd "$(dirname "$0")"
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  cat <<'USAGE'
Usage: ./run.sh [--Section:Setting=value ...]

Starts the whole system (installing redis-server if it is missing): redis-server, the presence
service, the gateways and the Aspire dashboard. Ctrl+C stops it all. Settings most often given:

  --Presence:Moderators=teacher         accounts that moderate (comma-separated)
  --Gateways:Count=3                    how many gateways
  --Gateways:BasePort=8888              the first gateway's port; the others follow
  --Redis:Mode=process                  process, cluster (three local masters), container or external
  --ConnectionStrings:redis=host:6379   the Redis of --Redis:Mode=external
  --Gateway:MessagesPerSecond=20        any Gateway:, Presence: or History: setting, for every service
  --Deployment:DataDirectory=PATH       where Redis's data and the TLS certificate live

Every setting, its default and what it does: README.md, "Configuration"; running it: docs/operations.md.
USAGE
  exit 0
fi
scripts/ensure-redis.sh
exec dotnet run --project OnlineChat.AppHost --launch-profile http -- "$@"
