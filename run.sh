#!/usr/bin/env bash
# Starts the whole system: redis-server, the presence service, the gateways and the Aspire dashboard.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-redis.sh
exec dotnet run --project OnlineChat.AppHost --launch-profile http -- "$@"
