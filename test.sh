#!/usr/bin/env bash
# Runs every test: protocol units, then the integration tests that start the real AppHost.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-redis.sh
scripts/ensure-tmux.sh
# ss shows a test the gateway's keepalive timer on a client connection; nft lets one silence a client as a
# pulled cable would (each test is skipped, and says so, without its tool or, for nft, without root).
scripts/ensure-package.sh ss iproute2 optional
scripts/ensure-package.sh nft nftables optional
dotnet test OnlineChat.sln "$@"
