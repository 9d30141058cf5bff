#!/usr/bin/env bash
# Installs redis-server from Debian's packages when it is not on PATH. The AppHost runs it as a process
# (no container engine needed), so a fresh machine needs the binary and nothing else.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing and apt-get is not available: install Redis 7+ so that redis-server is on PATH." >&2
  exit 1
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
echo "Installing redis-server..."
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq redis-server >/dev/null
# Debian's package starts a system-wide redis on 6379; OnlineChat runs its own on a free port instead.
