#!/usr/bin/env bash
# Installs tmux when it is not on PATH: the tests drive the console client in a real terminal through it.
# Optional: where it cannot be installed, those tests are reported skipped.
exec "$(dirname "$0")/ensure-package.sh" tmux tmux optional
