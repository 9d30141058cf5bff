#!/usr/bin/env bash
# Installs tmux from Debian's packages when it is not on PATH: the tests drive the console client in a
# real terminal through it (a test that needs it is skipped, visibly, where it cannot be installed).
set -euo pipefail
if command -v tmux >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "tmux is missing and apt-get is not available: the console client's terminal tests will be skipped." >&2
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
echo "Installing tmux..."
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq tmux >/dev/null
