#!/usr/bin/env bash
# What 'taplease run' adds to a command's start (issue 17, docs/benchmarks.md "Debian package (issue 17): start-up and
# sizes"): starts 'true' and 'TAPLEASE run --pool bench -- true' for every TAPLEASE given, one after the other in
# rounds (so that a change in the machine's load hits all of them alike), N rounds, in a network namespace of its own
# with a pool of 2 taps (made as root, gone with the namespace), and prints the medians and what each adds to 'true'.
#
#   sudo releng/bench-start.sh [--runs N] [--out DIR] LABEL=TAPLEASE_COMMAND...
#   sudo nice -n -20 releng/bench-start.sh --runs 30 checkout=$PWD/taplease installed=/usr/bin/taplease
#
# Raw times (ms, one line per run: round label ms) in DIR/times.txt, the table in DIR/table.md. Pool declarations go to
# a temporary directory. Each command runs once before the measurement (page cache).
set -euo pipefail
runs=30 out=
while (($#)); do
	case "$1" in
	--runs) runs=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*=*) break ;;
	*) echo "usage: bench-start.sh [--runs N] [--out DIR] LABEL=COMMAND..." >&2; exit 64 ;;
	esac
done
(($#)) || { echo "usage: bench-start.sh [--runs N] [--out DIR] LABEL=COMMAND..." >&2; exit 64; }
[[ $(id -u) -eq 0 ]] || { echo "bench-start.sh: run as root (it makes a pool in a namespace of its own)" >&2; exit 77; }
out=${out:-$(mktemp -d)}
mkdir -p "$out"
out=$(readlink -f "$out")

if [[ -z "${BENCH_START_INSIDE:-}" ]]; then
	exec env BENCH_START_INSIDE=1 unshare --net -- bash "$(readlink -f "$0")" --runs "$runs" --out "$out" "$@"
fi

ip link set lo up
config=$(mktemp -d)
export TAPLEASE_CONFIG_DIR="$config/pools.d" TAPLEASE_HINTS_DIR="$config/hints"
labels=(true) cmds=("$(type -P true)")
for spec in "$@"; do
	labels+=("${spec%%=*}") cmds+=("${spec#*=} run --pool bench -- true")
done
first=${1#*=}
trap '$first pool delete --name bench >/dev/null || true; rm -rf "$config"' EXIT
$first pool create --name bench --count 2 >/dev/null
for c in "${cmds[@]}"; do $c >/dev/null; done

# one round: each command once; $EPOCHREALTIME (bash 5) costs no process
: > "$out/times.txt"
for ((r = 1; r <= runs; r++)); do
	for i in "${!cmds[@]}"; do
		t0=$EPOCHREALTIME
		${cmds[$i]} >/dev/null
		t1=$EPOCHREALTIME
		echo "$r ${labels[$i]} $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')" >> "$out/times.txt"
	done
done

median() { awk -v l="$1" '$2 == l { print $3 }' "$out/times.txt" | sort -n | awk '{ v[NR] = $1 } END {
	print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { awk -v l="$1" '$2 == l { print $3 }' "$out/times.txt" | sort -n | sed -n '1p;$p' | paste -sd- | sed 's/-/ - /'; }
base=$(median true)
{
	printf '| what | median (ms) | min - max (ms) | added to true (ms) | runs |\n|---|---|---|---|---|\n'
	for l in "${labels[@]}"; do
		m=$(median "$l")
		printf '| %s | %s | %s | %s | %s |\n' "$l" "$m" "$(range "$l")" \
			"$(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.1f", a - b }')" "$runs"
	done
} > "$out/table.md"
cat "$out/table.md"
echo "bench-start.sh: raw times in $out/times.txt" >&2
