#!/usr/bin/env bash
# Browser check of the real Aspire dashboard: starts the AppHost, sends a message from a client on gateway 1
# to a client on gateway 3, then drives Debian's headless Chromium (through chromedriver) to log in with the
# printed token URL and screenshot the resources page and that message's trace into docs/images/.
# Usage: scripts/dashboard-screenshots.sh [output-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/images}"
mkdir -p "$out"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  sudo_cmd=""; if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi
scripts/ensure-redis.sh

log="$(mktemp)"
# Its own process group, so the AppHost and everything it started go away together at the end.
setsid dotnet run --project OnlineChat.AppHost --launch-profile http > "$log" 2>&1 &
apphost=$!
trap 'kill -TERM -- -$apphost 2>/dev/null || true; wait $apphost 2>/dev/null || true; rm -f "$log"' EXIT

login_url=""
for _ in $(seq 1 180); do
  login_url="$(grep -o 'http://localhost:15888/login?t=[0-9a-f]*' "$log" | head -n1 || true)"
  [ -n "$login_url" ] && break
  if ! kill -0 "$apphost" 2>/dev/null; then cat "$log" >&2; exit 1; fi
  sleep 1
done
[ -n "$login_url" ] || { echo "The AppHost printed no dashboard login URL within 180 s." >&2; cat "$log" >&2; exit 1; }

python3 scripts/dashboard_check.py --login-url "$login_url" --out "$out"
