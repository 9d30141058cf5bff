#!/usr/bin/env bash
# Installs a Debian package when its command is not on PATH, so a fresh machine needs nothing by hand:
#   scripts/ensure-package.sh COMMAND PACKAGE [optional]
# "optional": where apt-get is missing, say what will not work and carry on instead of failing.
set -euo pipefail
command="$1" package="$2" optional="${3:-}"
if command -v "$command" >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$command is missing and apt-get is not available: install $package so that $command is on PATH." >&2
  [ "$optional" = optional ] && exit 0
  exit 1
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
echo "Installing $package..."
if $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$package" >/dev/null; then
  exit 0
fi
echo "Could not install $package." >&2
# An optional tool's tests say they are skipped; a required one stops here.
[ "$optional" = optional ] && exit 0
exit 1
