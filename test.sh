#!/usr/bin/env bash
# Runs every test: protocol units, then the integration tests that start the real AppHost.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-redis.sh
scripts/ensure-tmux.sh
dotnet test OnlineChat.sln "$@"
