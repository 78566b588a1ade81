#!/usr/bin/env bash
# The watch's measures (issue 16; docs/benchmarks.md "Live tap devices (issue 16): events"), as root, in a network
# namespace this script creates and deletes (taplease-bench-watch-PID):
#   1. N attaches by another process, each at once after the previous detach: attach -> core event and -> line of a
#      running 'taplease list --watch' (median, p90, p99, max);
#   2. the same with a pause after each detach (GAP_MS): attaches the kernel announces at once (see the doc);
#   3. the CPU of an idle 'list --watch' over SECONDS with TAPS taps (utime+stime from /proc/PID/stat);
#   and, for 1 and 2, the C floor (releng/bench-watch-floor.c): attach -> the kernel's message, nothing else between.
#
#   releng/bench-watch.sh [N [GAP_N [GAP_MS [TAPS [SECONDS]]]]]     (defaults: 200 100 2100 1000 30; N or GAP_N 0
#   skips that stage)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
n=${1:-200} gap_n=${2:-100} gap_ms=${3:-2100} taps=${4:-1000} seconds=${5:-30}
if [[ $(id -u) -ne 0 ]]; then
	echo "bench-watch.sh: run as root (it creates a network namespace and taps)" >&2
	exit 1
fi
. "$root/releng/find-jdk.sh"
jdk=$(find_jdk)
lib=bundles/org.taplease.cli/target/lib
tests=bundles/org.taplease.core.tests/target/classes
if [[ ! -f $lib/org.taplease.core.jar || ! -d $tests ]]; then
	echo "bench-watch.sh: build first: ./mvnw install -DskipTests" >&2
	exit 1
fi
cp="$tests:$lib/org.taplease.core.jar:$lib/*"
java=("$jdk/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp")
# the command line as users run it: the launcher, with its JVM options (it execs the JVM: its pid is the JVM's)
cli=("$root/bundles/org.taplease.cli/taplease")
floor=$(mktemp -d)/bench-watch-floor
gcc -O2 -o "$floor" "$root/releng/bench-watch-floor.c"
ns=taplease-bench-watch-$$
ip netns add "$ns"
trap 'ip netns pids "$ns" | xargs -r kill -9; ip netns del "$ns"; rm -rf "$(dirname "$floor")"' EXIT
ip netns exec "$ns" ip link set lo up
echo "# $(date -u +%FT%TZ) $(uname -r) $(nproc) CPUs, $("$jdk/bin/java" -version 2>&1 | head -1), commit $(git rev-parse --short HEAD 2>/dev/null || echo -)"
echo "# load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
trap_end() { echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)"; }
ip netns exec "$ns" ip tuntap add dev cfloor0 mode tap
ip netns exec "$ns" ip link set cfloor0 up
if ((n > 0)); then
	echo "## C floor, back to back: $n attaches"
	ip netns exec "$ns" "$floor" cfloor0 "$n" 0
fi
if ((gap_n > 0)); then
	echo "## C floor, paced: $gap_n attaches, $gap_ms ms after each detach"
	ip netns exec "$ns" "$floor" cfloor0 "$gap_n" "$gap_ms"
fi
ip netns exec "$ns" ip tuntap del dev cfloor0 mode tap
if ((n > 0)); then
	echo "## back to back: $n attaches"
	ip netns exec "$ns" "${java[@]}" org.taplease.core.tests.support.WatchBench latency "$n" 0 "${cli[@]}"
fi
if ((gap_n > 0)); then
	echo "## paced: $gap_n attaches, $gap_ms ms after each detach"
	ip netns exec "$ns" "${java[@]}" org.taplease.core.tests.support.WatchBench latency "$gap_n" "$gap_ms" "${cli[@]}"
fi
echo "## idle"
ip netns exec "$ns" "${java[@]}" org.taplease.core.tests.support.WatchBench idle "$taps" "$seconds" "${cli[@]}"
trap_end
