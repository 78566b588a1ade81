#!/usr/bin/env bash
# Runs every taplease test on a fresh machine of this kind (Debian, root, no display needed), and a smoke run of the
# benchmark harness:
#  1. installs the Debian packages the tests use, finds a JDK 21+;
#  2. builds once online (resolves the target platform, plugins and test runtime into ~/.m2);
#  3. runs the whole test build OFFLINE inside a network namespace made for this run, so every tap, veth and
#     address the tests create lives (and dies) there and nothing touches the host's interfaces;
#  4. deletes the namespace and checks that the host's interfaces, namespaces, users and /etc/taplease are as before.
# Usage: releng/test.sh [extra maven args, e.g. -Dtest=LeaseKernelTest -pl ...]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
log() { printf 'test.sh: %s\n' "$*" >&2; }
# CI=true (set by .ci/run): tests that cannot run fail instead of skipping, and any skipped test fails the run
CI=${CI:-}

if [[ $(id -u) -ne 0 ]]; then
	log "the tests create network namespaces, taps and a test user: run as root (sudo releng/test.sh)"
	exit 1
fi

# 1. packages: iproute2 (ip netns, ip tuntap), util-linux (unshare, setpriv), passwd (useradd), procps,
#    qemu-system-x86 (the CLI's QEMU fd hand-off test, the launch tests), gdb (the Debug launch tests connect it to
#    the guest's stub), xvfb + xauth + libgtk-3-0 (the workbench
#    of the UI tests), x11-utils (xwininfo: the product tests find the workbench window) and libxtst6 (XTEST: they type keys); releng/test-guest.sh installs busybox-static, cpio, xz-utils for the test guest;
#    systemd (systemd-analyze verify checks releng/systemd/taplease-pools.service); for the Debian package
#    (releng/org.taplease.deb and its tests): dpkg-dev (dpkg-shlibdeps), binutils (strip), file, lintian, man-db
#    (man -w); the tap-workbench package: desktop-file-utils
#    (desktop-file-validate), libglib2.0-bin (gio launch starts the desktop entry as a menu does), libasound2 (a
#    dependency of its runtime, so the offline test run can install it); openjdk-17-jre-headless (Debian 12's newest
#    Java: the archive's start script must pass it over)
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v unshare >/dev/null && command -v setpriv >/dev/null || need+=(util-linux)
command -v useradd >/dev/null || need+=(passwd)
command -v ps >/dev/null || need+=(procps)
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v gdb >/dev/null || need+=(gdb)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xauth >/dev/null || need+=(xauth)
command -v xwininfo >/dev/null || need+=(x11-utils)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v dpkg-shlibdeps >/dev/null || need+=(dpkg-dev)
command -v strip >/dev/null || need+=(binutils)
command -v file >/dev/null || need+=(file)
command -v lintian >/dev/null || need+=(lintian)
command -v man >/dev/null || need+=(man-db)
ldconfig -p | grep -q 'libXtst\.so\.6' || need+=(libxtst6)
ldconfig -p | grep -q 'libgtk-3\.so\.0' || need+=(libgtk-3-0)
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
command -v gio >/dev/null || need+=(libglib2.0-bin)
ldconfig -p | grep -q 'libasound\.so\.2' || need+=(libasound2)
[[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]] || need+=(openjdk-17-jre-headless)
if ((${#need[@]})); then
	log "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[[ -e /dev/net/tun ]] || modprobe tun 2>/dev/null || true

# 2. JDK 21+ for Tycho 5
. "$root/releng/find-jdk.sh"
jdk=$(find_jdk) || { log "no JDK 21 or newer found (checked \$JAVA_HOME, /usr/lib/jvm/*); install one"; exit 1; }
use_jdk "$jdk"
log "JDK: $JAVA_HOME"

log "online build (resolves everything the offline test run needs)"
./mvnw -B -q -DskipTests install

# the tiny guest the launch tests boot (Debian kernel + busybox initramfs), cached outside the source tree
guest=$(bash releng/test-guest.sh)
log "test guest: $guest"

# 3. the test run, offline, in a network namespace of its own
links_before=$(ip -o link show | awk -F': ' '{print $2}' | sort)
netns_before=$(ip netns list | sort)
users_before=$(cut -d: -f1 /etc/passwd | sort)
# pool declarations: the tests use TAPLEASE_CONFIG_DIR (set in the root pom), never /etc/taplease
config_before=$(ls -laR /etc/taplease 2>/dev/null || true)
ns="taplease-test-$$"
xvfb_pid=
cleanup() {
	local pids
	[[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
	xvfb_pid=
	pids=$(ip netns pids "$ns" 2>/dev/null || true)
	[[ -n "$pids" ]] && kill -9 $pids 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT
rm -rf bundles/*/target/surefire-reports releng/*/target/surefire-reports
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up

# a display for the UI tests' workbench: a private Xvfb on a free display number, reached through its socket file in
# /tmp/.X11-unix (which works from inside the namespace). Stopped with the namespace.
display_no=99
while [[ -e /tmp/.X11-unix/X$display_no || -e /tmp/.X$display_no-lock ]]; do display_no=$((display_no + 1)); done
Xvfb ":$display_no" -screen 0 1280x800x24 -nolisten tcp >"${TMPDIR:-/tmp}/taplease-xvfb-$$.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [[ -S /tmp/.X11-unix/X$display_no ]] && break; sleep 0.1; done
[[ -S /tmp/.X11-unix/X$display_no ]] || { log "Xvfb did not start: $(cat "${TMPDIR:-/tmp}/taplease-xvfb-$$.log")"; exit 1; }
rm -f "${TMPDIR:-/tmp}/taplease-xvfb-$$.log"
export DISPLAY=":$display_no"
log "UI tests use Xvfb on $DISPLAY"
log "running the tests in network namespace $ns"
args=("$@")
if [[ " $* " == *" -Dtest="* ]]; then
	# one test class or method: the other test bundles have none of it
	args+=(-DfailIfNoTests=false -Dsurefire.failIfNoSpecifiedTests=false)
fi
set +e
ip netns exec "$ns" env CI="$CI" DISPLAY="$DISPLAY" ./mvnw -B -o verify -Dtaplease.guest="$guest" "${args[@]}"
status=$?
set -e
cleanup
trap - EXIT

# a short run of the benchmark harness, so that it cannot rot (the real run: releng/bench.sh, see docs/benchmarks.md)
log "benchmark smoke run (releng/bench.sh --smoke)"
mkdir -p target
if bash releng/bench.sh --smoke --out target/bench-smoke > target/bench-smoke.log 2>&1; then
	log "benchmark smoke run passed: target/bench-smoke/table.md"
else
	log "FAIL: benchmark smoke run; its output:"; tail -30 target/bench-smoke.log >&2; status=1
fi

# the totals of every test bundle, from the surefire reports of this run
read -r total failed skipped < <(cat bundles/*/target/surefire-reports/TEST-*.xml releng/*/target/surefire-reports/TEST-*.xml 2>/dev/null |
	sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)"[^>]*errors="\([0-9]*\)"[^>]*skipped="\([0-9]*\)"[^>]*failures="\([0-9]*\)".*/\1 \2 \3 \4/p' |
	awk '{t+=$1; f+=$2+$4; s+=$3} END {print t+0, f+0, s+0}')
if ((total == 0)); then
	log "FAIL: no test ran"; status=1
fi
# a skipped test is named with its reason; under CI=true (.ci/run sets it) a skip fails the run: CI runs as root with
# /dev/net/tun, the test guest and a display, so every test there must run (the tests themselves fail rather than
# skip under CI; this catches a skip that slipped through, e.g. an @Disabled or an assumption)
if ((skipped > 0)); then
	skipped_tests=$(awk '
		/<testcase / {
			name = class = ""
			if (match($0, / name="[^"]*"/)) name = substr($0, RSTART + 7, RLENGTH - 8)
			if (match($0, / classname="[^"]*"/)) class = substr($0, RSTART + 12, RLENGTH - 13)
		}
		/<skipped/ {
			why = ""
			if (match($0, / message="[^"]*"/)) why = ": " substr($0, RSTART + 10, RLENGTH - 11)
			print "  " class "#" name why
		}' bundles/*/target/surefire-reports/TEST-*.xml releng/*/target/surefire-reports/TEST-*.xml 2>/dev/null)
	if [[ "${CI,,}" == true ]]; then
		log "FAIL: $skipped test(s) skipped under CI=true, where every test must run:"
		status=1
	else
		log "$skipped test(s) skipped (under CI=true this fails the run):"
	fi
	printf '%s\n' "${skipped_tests:-  (no <skipped> element found in the reports)}" >&2
fi

# 4. nothing left behind on the host
links_after=$(ip -o link show | awk -F': ' '{print $2}' | sort)
netns_after=$(ip netns list | sort)
users_after=$(cut -d: -f1 /etc/passwd | sort)
config_after=$(ls -laR /etc/taplease 2>/dev/null || true)
if [[ "$links_before" != "$links_after" ]]; then
	log "FAIL: the host's interfaces changed:"; diff <(echo "$links_before") <(echo "$links_after") >&2 || true; status=1
fi
if [[ "$netns_before" != "$netns_after" ]]; then
	log "FAIL: network namespaces changed:"; diff <(echo "$netns_before") <(echo "$netns_after") >&2 || true; status=1
fi
if [[ "$users_before" != "$users_after" ]]; then
	log "FAIL: users changed:"; diff <(echo "$users_before") <(echo "$users_after") >&2 || true; status=1
fi
if [[ "$config_before" != "$config_after" ]]; then
	log "FAIL: /etc/taplease changed:"; diff <(echo "$config_before") <(echo "$config_after") >&2 || true; status=1
fi
echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
if ((status == 0)); then
	log "all tests passed; host interfaces, namespaces, users and /etc/taplease unchanged"
else
	log "tests FAILED (status $status)"
fi
exit "$status"
