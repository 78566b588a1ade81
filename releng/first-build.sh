# Sourced by ./taplease and ./tap-workbench: the build a checkout runs on its first use, one line of progress per
# Maven module on standard error and the whole log in a file.
# first_build NAME ROOT LOG MAVEN_ARGUMENTS...: runs ./mvnw -B MAVEN_ARGUMENTS in ROOT; prints "NAME: building i/n:
# MODULE" as Maven starts each module (from the log's "Building NAME VERSION [i/n]"), then "NAME: built in M min S s";
# if the build fails, the log's last 30 lines and where the whole log is, and returns 1.
first_build() {
	local name=$1 root=$2 log=$3 start=$SECONDS
	shift 3
	mkdir -p "$(dirname "$log")"
	if ! (set -o pipefail; (cd "$root" && ./mvnw -B "$@") 2>&1 | tee "$log" \
		| sed -un "s/^\\[INFO\\] Building \\(.*\\) [0-9][^ ]* *\\[\\([0-9]*\\/[0-9]*\\)\\]\$/$name: building \\2: \\1/p" >&2); then
		tail -n 30 "$log" >&2
		echo "$name: the build failed (above; the whole log: $log)" >&2
		return 1
	fi
	echo "$name: built in $(((SECONDS - start) / 60)) min $(((SECONDS - start) % 60)) s" >&2
}
