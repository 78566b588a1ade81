#!/usr/bin/env bash
# Seconds from starting a command to its top-level window titled "TITLE..." (bigger than 300x200) on $DISPLAY, polled
# with xwininfo every 50 ms; then ends the command (SIGTERM, and waits). For docs/benchmarks.md (tap-workbench).
# Usage: DISPLAY=:N releng/deb/time-to-window.sh TITLE COMMAND [ARGS...]
set -euo pipefail
title=$1; shift
start=$(date +%s%N)
"$@" >/dev/null 2>&1 &
pid=$!
until xwininfo -root -tree | grep -qE "\"$title[^\"]*\": .* ([3-9][0-9]{2}|[0-9]{4,})x([2-9][0-9]{2}|[0-9]{4,})\+"; do
	kill -0 "$pid" 2>/dev/null || { echo "the command ended before its window showed" >&2; exit 1; }
	sleep 0.05
done
end=$(date +%s%N)
printf '%d.%02d\n' $(((end - start) / 1000000000)) $((((end - start) / 10000000) % 100))
kill "$pid" 2>/dev/null || true
# the process's children too (the archive script execs java; the package's wrapper execs the launcher: one process)
wait "$pid" 2>/dev/null || true
