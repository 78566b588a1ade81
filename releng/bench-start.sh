#!/usr/bin/env bash
# What 'taplease run' adds to a command's start (issue 17, docs/benchmarks.md "Debian package (issue 17): start-up and
# sizes"): hyperfine runs 'true' and 'TAPLEASE run --pool bench -- true' alternately in the same run, N times each, in a
# network namespace of its own with a pool of 2 taps (made as root, gone with the namespace), and prints the medians
# and their difference.
#
#   sudo releng/bench-start.sh [--runs N] [--out DIR] LABEL=TAPLEASE_COMMAND...
#   sudo releng/bench-start.sh checkout=./taplease installed=/usr/bin/taplease
#
# Needs hyperfine (apt-get install hyperfine) and root (the pool). Pool declarations go to a temporary directory.
set -euo pipefail
runs=40 out=
while (($#)); do
	case "$1" in
	--runs) runs=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--inside) shift; break ;;
	*=*) break ;;
	*) echo "usage: bench-start.sh [--runs N] [--out DIR] LABEL=COMMAND..." >&2; exit 64 ;;
	esac
done
(($#)) || { echo "usage: bench-start.sh [--runs N] [--out DIR] LABEL=COMMAND..." >&2; exit 64; }
command -v hyperfine >/dev/null || { echo "bench-start.sh: hyperfine is missing (apt-get install hyperfine)" >&2; exit 69; }
[[ $(id -u) -eq 0 ]] || { echo "bench-start.sh: run as root (it makes a pool in a namespace of its own)" >&2; exit 77; }
out=${out:-$(mktemp -d)}
mkdir -p "$out"
out=$(readlink -f "$out")

if [[ -z "${BENCH_START_INSIDE:-}" ]]; then
	exec env BENCH_START_INSIDE=1 unshare --net --mount --propagation private -- "$0" --runs "$runs" --out "$out" "$@"
fi

ip link set lo up
config=$(mktemp -d)
export TAPLEASE_CONFIG_DIR="$config/pools.d" TAPLEASE_HINTS_DIR="$config/hints"
trap 'rm -rf "$config"' EXIT
printf '| what | median true (ms) | median run -- true (ms) | added (ms) | runs |\n|---|---|---|---|---|\n' > "$out/table.md"
for spec in "$@"; do
	label=${spec%%=*} cmd=${spec#*=}
	$cmd pool create --name bench --count 2 >/dev/null
	$cmd run --pool bench -- true # warm the page cache once outside the measurement
	hyperfine -N --warmup 5 --runs "$runs" --export-json "$out/$label.json" \
		-n true 'true' -n "$label" "$cmd run --pool bench -- true" >&2
	$cmd pool delete --name bench >/dev/null
	medians=($(grep -o '"median": *[0-9.e+-]*' "$out/$label.json" | sed 's/.*: *//'))
	awk -v l="$label" -v a="${medians[0]}" -v b="${medians[1]}" -v n="$runs" \
		'BEGIN { printf "| %s | %.1f | %.1f | %.1f | %d |\n", l, a * 1000, b * 1000, (b - a) * 1000, n }' >> "$out/table.md"
done
cat "$out/table.md"
echo "bench-start.sh: raw hyperfine results in $out/*.json" >&2
