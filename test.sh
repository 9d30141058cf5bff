#!/usr/bin/env bash
# Runs every test: protocol units, then the integration tests that start the real AppHost.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-redis.sh
scripts/ensure-tmux.sh
# ss shows a test the gateway's keepalive timer on a client connection (skipped, said so, without it).
scripts/ensure-package.sh ss iproute2 optional
dotnet test OnlineChat.sln "$@"
