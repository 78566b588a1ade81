#!/usr/bin/env bash
# taplease benchmarks: where leasing a free tap stands between the C syscall floor and creating a tap per run, and
# how its costs grow with the number of taps. Every figure is measured in this run, on this machine, inside network
# namespaces this script creates and deletes (taplease-bench-*).
#
#   releng/bench.sh [--smoke] [--out DIR] [--publish]
#     --smoke    a short run (pool sizes 1 and 16, one short JMH fork) that only proves the harness works
#     --out DIR  where raw results, results.json, table.md and the plots go (default target/bench/DATE)
#     --publish  also copy table.md, results.json, env.txt and the plots to docs/benchmarks/
#     --sizes "N..."  measure only these pool sizes into an existing --out DIR (to redo one size; the report then
#                covers every size found in DIR). Create-per-run, ip tuntap and 'run' are measured at N=1.
#     --bench REGEX   the JMH benchmarks run at every size (default: every Lease and Inventory benchmark), e.g.
#                'LeaseBenchmark.leasePoolCold|InventoryBenchmark.inventory'; --jmh-args "ARGS" adds JMH arguments
#                (e.g. "-p holders=false")
#     --baseline DIR  also runs the benchmarks of another built checkout (e.g. a clone at main, after ./mvnw install
#                -DskipTests there) at every size, right after this one's, in the same namespaces against the same
#                C floor (base-jmh-N.json; the report adds baseline-table.md with the ratios)
#     --no-network  skips the network stage (issue 14)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
log() { printf 'bench.sh: %s\n' "$*" >&2; }

given_args="$*"
smoke=0
publish=0
only_sizes=""
bench_re='org.taplease.benchmarks.(Lease|Inventory)Benchmark'
jmh_args=""
baseline=""
network=1
out="target/bench/$(date +%Y%m%d-%H%M%S)"
while (($#)); do
	case "$1" in
		--smoke) smoke=1 ;;
		--publish) publish=1 ;;
		--out) out=$2; shift ;;
		--sizes) only_sizes=$2; shift ;;
		--bench) bench_re=$2; shift ;;
		--jmh-args) jmh_args=$2; shift ;;
		--baseline) baseline=$(cd "$2" && pwd); shift ;;
		--no-network) network=0 ;;
		*) log "unknown argument $1 (use --smoke, --out DIR, --publish, --sizes, --bench, --jmh-args, --baseline, --no-network)"; exit 64 ;;
	esac
	shift
done
if [[ $(id -u) -ne 0 ]]; then
	log "the benchmarks create network namespaces and taps: run as root"
	exit 1
fi

need=()
command -v gcc >/dev/null || need+=(gcc libc6-dev)
[[ -x /usr/bin/time ]] || need+=(time)
command -v ip >/dev/null || need+=(iproute2)
if ((${#need[@]})); then
	log "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

. "$root/releng/find-jdk.sh"
jdk=$(find_jdk) || { log "no JDK 21 or newer found"; exit 1; }
use_jdk "$jdk"
java="$jdk/bin/java"
bench="$root/releng/org.taplease.benchmarks"
if [[ ! -d "$bench/target/lib" || ! -f bundles/org.taplease.cli/target/lib/org.taplease.core.jar ]]; then
	log "building (./mvnw install -DskipTests)"
	./mvnw -q -B install -DskipTests
fi
cp="$bench/target/classes:$bench/target/lib/*"
base_cp=""
if [[ -n "$baseline" ]]; then
	[[ -d "$baseline/releng/org.taplease.benchmarks/target/lib" ]] ||
		{ log "--baseline $baseline: not built (run ./mvnw install -DskipTests there)"; exit 1; }
	base_cp="$baseline/releng/org.taplease.benchmarks/target/classes:$baseline/releng/org.taplease.benchmarks/target/lib/*"
fi
read -r -a jmh_extra <<< "$jmh_args"

if ((smoke)); then
	sizes=(1 16)
	jmh=(-f 1 -wi 1 -w 200ms -i 1 -r 300ms)
	c_iter=2000 c_create=5 reps=3
	net_apply=16 net_big=16 net_reps=1
else
	sizes=(1 16 64 1024 4096)
	jmh=(-f 2 -wi 2 -w 1s -i 4 -r 1s)
	c_iter=200000 c_create=200 reps=20
	net_apply=64 net_big=1024 net_reps=3
fi
if [[ -n "$only_sizes" ]]; then
	read -r -a sizes <<< "$only_sizes"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
# pools the benchmark creates are declared under $out, never in /etc/taplease (pool create declares by default)
export TAPLEASE_CONFIG_DIR="$out/config"
[[ -n "$only_sizes" ]] || rm -f "$out/env.txt"
gcc -O2 -Wall -o "$out/tapfloor" "$bench/src/main/c/tapfloor.c"
{
	[[ -n "$only_sizes" ]] && echo "(sizes $only_sizes measured again at the date below)"
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "command: releng/bench.sh $given_args"
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	[[ -n "$baseline" ]] && echo "baseline: $baseline at $(git -C "$baseline" rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "kernel: $(uname -sr) $(uname -m)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
	echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
	echo "jdk: $("$java" -version 2>&1 | head -n 1)"
	echo "jmh: ${jmh[*]}; C loop: $c_iter attaches, $c_create creates; processes: $reps runs each"
	((network)) && echo "network (issue 14): apply of $net_apply routed members; create of $net_big members, $net_reps runs each"
} >> "$out/env.txt"
cat "$out/env.txt" >&2
# the holder keeps N-1 descriptors open
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ $(ulimit -n) != unlimited ]] && (($(ulimit -n) < sizes[${#sizes[@]} - 1] + 64)); then
	log "the open-files limit $(ulimit -n) is too low for a holder of ${sizes[${#sizes[@]} - 1]} taps"
	exit 1
fi

# Every size keeps its namespace until the end: deleting a namespace with thousands of taps makes the kernel tear
# them down in the background for seconds, which would disturb the next measurements.
ns=""
holder=""
namespaces=()
cleanup() {
	[[ -n "$holder" ]] && kill "$holder" 2>/dev/null && wait "$holder" 2>/dev/null || true
	holder=""
	for n in "${namespaces[@]}"; do ip netns del "$n" 2>/dev/null || true; done
	namespaces=()
}
trap cleanup EXIT
in_ns() { ip netns exec "$ns" "$@"; }

for n in "${sizes[@]}"; do
	ns="taplease-bench-$$-$n"
	ip netns add "$ns"
	namespaces+=("$ns")
	in_ns ip link set lo up
	log "N=$n: creating the pool"
	in_ns ./taplease pool create --name bench --count "$n" >/dev/null
	if ((n > 1)); then
		# another process holds every tap but bench0
		fifo="$out/hold-$n.fifo"
		rm -f "$fifo"
		mkfifo "$fifo"
		names=()
		for ((i = 1; i < n; i++)); do names+=("bench$i"); done
		in_ns "$out/tapfloor" hold "${names[@]}" < "$fifo" > "$out/hold-$n.out" &
		holder=$!
		exec 9>"$fifo"
		until grep -q ready "$out/hold-$n.out" 2>/dev/null; do
			kill -0 "$holder" 2>/dev/null || { log "holder failed"; exit 1; }
			sleep 0.05
		done
	fi
	log "N=$n: JMH"
	in_ns "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" org.openjdk.jmh.Main "${jmh[@]}" "${jmh_extra[@]}" \
		-jvmArgs --enable-native-access=ALL-UNNAMED -p pool=bench -p tap=bench0 -rf json -rff "$out/jmh-$n.json" \
		"$bench_re" > "$out/jmh-$n.log" 2>&1 ||
		{ tail -30 "$out/jmh-$n.log" >&2; exit 1; }
	if [[ -n "$baseline" ]]; then
		log "N=$n: JMH of the baseline $baseline"
		in_ns "$java" --enable-native-access=ALL-UNNAMED -cp "$base_cp" org.openjdk.jmh.Main "${jmh[@]}" \
			"${jmh_extra[@]}" -jvmArgs --enable-native-access=ALL-UNNAMED -p pool=bench -p tap=bench0 -rf json \
			-rff "$out/base-jmh-$n.json" "$bench_re" > "$out/base-jmh-$n.log" 2>&1 ||
			{ tail -30 "$out/base-jmh-$n.log" >&2; exit 1; }
	fi
	# the C floor at this size too: the kernel's own attach cost may grow with the number of devices. A JVM that
	# just exited may still be releasing bench0 (with thousands of held taps the kernel's detach takes a while):
	# retried for up to 10 s
	for ((try = 0; ; try++)); do
		in_ns "$out/tapfloor" attach bench0 "$c_iter" 10 > "$out/c-attach-$n.json" && break
		((try < 100)) || { log "bench0 stays busy"; exit 1; }
		sleep 0.1
	done
	if ((n == 1)); then
		log "N=$n: C floor, create per run, ip tuntap, taplease run"
		cp "$out/c-attach-$n.json" "$out/c-attach.json"
		in_ns "$out/tapfloor" create benchcr "$c_create" > "$out/c-create.json"
		in_ns "$java" -cp "$cp" org.taplease.benchmarks.ProcessTimer ip-tuntap 2 "$reps" \
			::cmd ip tuntap add dev benchip0 mode tap ::then ip tuntap del dev benchip0 mode tap > "$out/ip-tuntap.json"
		in_ns "$java" -cp "$cp" org.taplease.benchmarks.ProcessTimer run-true 2 "$reps" \
			::cmd ./taplease run --pool bench -- true > "$out/run-true.json"
		in_ns "$java" -cp "$cp" org.taplease.benchmarks.ProcessTimer true 2 "$reps" ::cmd true > "$out/true.json"
	fi
	if ((n == sizes[${#sizes[@]} - 1])); then
		log "N=$n: memory of the CLI listing $n taps"
		TAPLEASE_JAVA_OPTS="-Xlog:gc+exit=info:stderr" in_ns /usr/bin/time -f "maxrss_kb %M" ./taplease list \
			> /dev/null 2> "$out/memory.log"
		rss=$(sed -n 's/^maxrss_kb //p' "$out/memory.log")
		heap=$(grep -E '(DefNew|Tenured) +total' "$out/memory.log" | sed 's/.*used \([0-9]*\)K.*/\1/' |
			awk '{s+=$1} END {print s}')
		printf '{"taps": %d, "rss_kb": %d, "heap_kb": %d}\n' "$n" "$rss" "$heap" > "$out/memory.json"
	fi
	if [[ -n "$holder" ]]; then
		exec 9>&-
		wait "$holder" || true
		holder=""
		rm -f "$fifo"
	fi
done
if ((network)); then
# Pools that carry their network (issue 14), each measurement in a namespace of its own. Declarations go to
# $out/net-config/*, never to /etc/taplease.
net_ns() {
	ns="taplease-bench-$$-net-$1"
	ip netns add "$ns"
	namespaces+=("$ns")
	in_ns ip link set lo up
}
jmh_net() { # OUTPUT-NAME JMH-ARGS...
	local name=$1
	shift
	in_ns "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" org.openjdk.jmh.Main "${jmh[@]}" \
		-jvmArgs --enable-native-access=ALL-UNNAMED -rf json -rff "$out/$name.json" "$@" > "$out/$name.log" 2>&1 ||
		{ tail -30 "$out/$name.log" >&2; exit 1; }
}
ncfg="$out/net-config"
rm -rf "$ncfg"
printf '{"apply_members": %d, "create_members": %d}\n' "$net_apply" "$net_big" > "$out/net-params.json"

# (a) pool apply with nothing to change: in-process (JMH) and the CLI's wall time, next to the CLI's start alone
net_ns apply
log "network: pool apply with nothing to change, $net_apply routed members"
in_ns ./taplease pool create --name apply --count "$net_apply" --subnet 10.201.0.0/24 --config-dir "$ncfg/apply" \
	> /dev/null
in_ns ./taplease pool apply --config-dir "$ncfg/apply" > "$out/net-apply-output.txt"
grep -q "nothing to change" "$out/net-apply-output.txt" ||
	{ log "pool apply changed something: $(cat "$out/net-apply-output.txt")"; exit 1; }
jmh_net net-jmh-apply -p applyPool=apply -p applyCount="$net_apply" -p applySubnet=10.201.0.0/24 \
	'org.taplease.benchmarks.NetworkBenchmark.applyNothingToChange'
in_ns "$java" -cp "$cp" org.taplease.benchmarks.ProcessTimer cli-apply 2 "$reps" \
	::cmd ./taplease pool apply --config-dir "$ncfg/apply" > "$out/net-cli-apply.json"
in_ns "$java" -cp "$cp" org.taplease.benchmarks.ProcessTimer cli-version 2 "$reps" \
	::cmd ./taplease --version > "$out/net-cli-version.json"

# (b) pool create of $net_big members with a routed network next to the same without one (each run deleted after)
net_ns create
log "network: pool create of $net_big members without and with --subnet"
in_ns "$java" -cp "$cp" org.taplease.benchmarks.ProcessTimer create-plain 0 "$net_reps" \
	::cmd ./taplease pool create --name big --count "$net_big" --config-dir "$ncfg/big" \
	::after ./taplease pool delete --name big --config-dir "$ncfg/big" > "$out/net-create-plain.json"
in_ns "$java" -cp "$cp" org.taplease.benchmarks.ProcessTimer create-routed 0 "$net_reps" \
	::cmd ./taplease pool create --name big --count "$net_big" --subnet 10.208.0.0/20 --config-dir "$ncfg/big" \
	::after ./taplease pool delete --name big --config-dir "$ncfg/big" > "$out/net-create-routed.json"

# (c) lease + release from a routed pool of one against a pool of one without network and the C floor, all here
net_ns lease
log "network: lease + release from a routed pool"
in_ns ./taplease pool create --name bench --count 1 --config-dir "$ncfg/lease" > /dev/null
in_ns ./taplease pool create --name routed --count 1 --subnet 10.202.0.0/30 --config-dir "$ncfg/lease" > /dev/null
jmh_net net-jmh-lease -p pool=bench -p routedPool=routed \
	'org.taplease.benchmarks.LeaseBenchmark.leasePool$' 'org.taplease.benchmarks.NetworkBenchmark.leaseRouted'
in_ns "$out/tapfloor" attach bench0 "$c_iter" 10 > "$out/net-c-attach-plain.json"
in_ns "$out/tapfloor" attach routed0 "$c_iter" 10 > "$out/net-c-attach-routed.json"
fi

cleanup
trap - EXIT

"$java" -cp "$cp" org.taplease.benchmarks.Report "$out"
log "results: $out (results.json, table.md, lease-vs-pool-size.png, create-vs-reuse.png)"
if ((publish)); then
	mkdir -p docs/benchmarks
	cp "$out"/{results.json,table.md,env.txt,lease-vs-pool-size.png,create-vs-reuse.png} docs/benchmarks/
	log "copied to docs/benchmarks/"
fi
