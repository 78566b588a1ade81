# Sourced by the project's scripts. find_jdk prints the home of a JDK >= 21 (with javac), find_java the path of
# a java >= 21; both fail if there is none. Order: $JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, /usr/lib/jvm/*.
# The version is read from the JDK's "release" file, so no JVM is started.
java_major() {
	local home v=""
	home=$(dirname "$(dirname "$(readlink -f "$1")")")
	if [[ -r "$home/release" ]]; then
		v=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release" | head -n 1)
	fi
	if [[ -z "$v" ]]; then
		v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1) || true
	fi
	case "$v" in
		1.*) v=${v#1.}; echo "${v%%.*}" ;;
		[0-9]*) v=${v%%.*}; echo "${v%%[!0-9]*}" ;;
		*) echo 0 ;;
	esac
}

# find_home TOOL: the first candidate home with an executable bin/TOOL and a java >= 21
find_home() {
	local candidate
	for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
		candidate=${candidate%/}
		if [[ -n "$candidate" && -x "$candidate/bin/$1" && $(java_major "$candidate/bin/java") -ge 21 ]]; then
			echo "$candidate"
			return 0
		fi
	done
	return 1
}

find_jdk() {
	find_home javac
}

find_java() {
	local home
	home=$(find_home java) || return 1
	echo "$home/bin/java"
}

# use_jdk HOME: exports JAVA_HOME for ./mvnw; on Java 23+ also silences Maven's own sun.misc.Unsafe warnings (Guice)
# (kept out of .mvn/jvm.config, which would break Maven on Java 21/22, where the option does not exist)
use_jdk() {
	export JAVA_HOME="$1"
	if [[ $(java_major "$1/bin/java") -ge 23 && "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
		export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
	fi
}
