#!/usr/bin/env bash
# Makes LIB/lib/app/taplease.aot, the AOT cache (JDK 25, JEP 483/514) of a staged taplease app image (LIB: the staged
# /usr/lib/taplease), with the image's own runtime and the launcher's class path and JVM options (the rest of the
# arguments, as given to jpackage, $APPDIR unexpanded). One JVM runs list, pool list, pool create/delete and run
# (org.taplease.cli.Training): a cache comes from one run.
# Taps: as root it trains in a network namespace of its own (unshare --net), where 'pool create' makes a pool that
# dies with the namespace; otherwise in a user and network namespace of its own if the kernel allows one, else in the
# machine's namespace with only commands that change nothing (list, pool list, and run on a pool that does not exist).
# Declarations and lease hints go to a temporary directory, never to /etc/taplease.
set -euo pipefail
lib=$(readlink -f "$1")
shift
app="$lib/lib/app"
java="$lib/lib/runtime/bin/java"
cfg="$app/taplease.cfg"
cp=$(sed -n 's/^app\.classpath=//p' "$cfg" | sed "s#\\\$APPDIR#$app#g" | paste -sd:)
[[ -n "$cp" ]] || { echo "train-aot.sh: no app.classpath in $cfg" >&2; exit 1; }
opts=()
for o in "$@"; do
	case "$o" in
	-XX:AOTCache=*) opts+=("-XX:AOTCacheOutput=$app/taplease.aot") ;;
	-Xlog:aot=off:stderr | -Xlog:cds=off:stderr) ;;
	*) opts+=("${o//\$APPDIR/$app}") ;;
	esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f "$app/taplease.aot"

pool=aottrain
with_taps=(--version --next pool create --name "$pool" --count 2 --next list --next list --json --next pool list
	--next run --pool "$pool" -- true --next pool delete --name "$pool")
read_only=(--version --next list --next list --json --next pool list --next run --pool "$pool" -- true)
ns=()
commands=("${read_only[@]}")
if [[ $(id -u) -eq 0 ]] && unshare --net true 2>/dev/null; then
	ns=(unshare --net)
	commands=("${with_taps[@]}")
elif unshare --user --map-root-user --net true 2>/dev/null; then
	ns=(unshare --user --map-root-user --net)
	commands=("${with_taps[@]}")
fi
echo "train-aot.sh: training${ns:+ in ${ns[*]}}: taplease ${commands[*]}" >&2
env TAPLEASE_CONFIG_DIR="$tmp/pools.d" TAPLEASE_HINTS_DIR="$tmp/hints" \
	"${ns[@]}" "$java" "${opts[@]}" -cp "$cp" org.taplease.cli.Training "${commands[@]}" >&2
[[ -s "$app/taplease.aot" ]] || { echo "train-aot.sh: no AOT cache was written" >&2; exit 1; }
chmod 0644 "$app/taplease.aot"
echo "train-aot.sh: $(du -h "$app/taplease.aot" | cut -f1) $app/taplease.aot" >&2
