#!/usr/bin/env bash
# Installs redis-server (Redis 7+) from Debian's packages when it is not on PATH. The AppHost runs it as a
# process (no container engine needed), so a fresh machine needs the binary and nothing else. Debian's
# package also starts a system-wide redis on 6379; OnlineChat runs its own on a free port instead.
# redis-cli (redis-tools, which redis-server's package brings along) joins the nodes of Redis:Mode=cluster.
set -euo pipefail
"$(dirname "$0")/ensure-package.sh" redis-server redis-server
"$(dirname "$0")/ensure-package.sh" redis-cli redis-tools
