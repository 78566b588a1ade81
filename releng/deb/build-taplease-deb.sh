#!/usr/bin/env bash
# Builds the taplease Debian package (OUT/taplease_VERSION_amd64.deb) from the command line bundle's build. Run by
# releng/org.taplease.deb in the normal Maven build (package phase), after that module has generated the man pages and
# the bash completion from the picocli model into DOCS/man and DOCS/completion.
#
#   build-taplease-deb.sh --jdk JDK --cli bundles/org.taplease.cli/target --docs DIR --project-version 0.1.0-SNAPSHOT
#                         --out DIR
#
# What the package holds (see docs/architecture.md "Packaging"):
#   /usr/lib/taplease/            jpackage app image: bin/taplease (native launcher), lib/app (the CLI's jars, the
#                                 JNA native library, the AOT cache), lib/runtime (a jlink runtime: java.base and
#                                 java.logging only, no debug, headers or man pages)
#   /usr/bin/taplease             a two-line sh launcher: the runtime's java with the app image's options
#   /usr/share/man/man1/          taplease.1.gz and one page per subcommand
#   /usr/share/bash-completion/completions/taplease
#   /lib/systemd/system/taplease-pools.service   not enabled (postinst never enables it; purge forgets any enablement)
#   /etc/taplease/pools.d/        empty; the declarations of 'taplease pool create' (purge removes them)
#   /usr/share/doc/taplease/      README.md (the unit's Documentation=), copyright, changelog, an example declaration,
#                                 the runtime's legal notices
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$here/deb-common.sh"

jdk= cli= docs= project_version= out=
while (($#)); do
	case "$1" in
	--jdk) jdk=$2; shift 2 ;;
	--cli) cli=$2; shift 2 ;;
	--docs) docs=$2; shift 2 ;;
	--project-version) project_version=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "build-taplease-deb.sh: unknown argument $1" >&2; exit 64 ;;
	esac
done
[[ -n "$jdk" && -n "$cli" && -n "$docs" && -n "$project_version" && -n "$out" ]] || {
	echo "usage: build-taplease-deb.sh --jdk JDK --cli CLI_TARGET --docs DIR --project-version V --out DIR" >&2; exit 64; }
for t in dpkg-deb dpkg-shlibdeps strip file; do
	command -v "$t" >/dev/null || { echo "build-taplease-deb.sh: $t is missing (apt-get install dpkg-dev binutils file)" >&2; exit 69; }
done
[[ -x "$jdk/bin/jlink" && -x "$jdk/bin/jpackage" ]] || { echo "build-taplease-deb.sh: $jdk has no jlink/jpackage" >&2; exit 69; }

jdk=$(readlink -f "$jdk") cli=$(readlink -f "$cli") docs=$(readlink -f "$docs")
mkdir -p "$out" && out=$(readlink -f "$out")
pkg=taplease
arch=$(dpkg --print-architecture)
work="$out/deb-work"
rm -rf "$work" "$out"/${pkg}_*.deb
mkdir -p "$work/input" "$work/image"

# 1. the CLI's jars, under stable names (the launcher's class path), and JNA's native library for this machine
shopt -s nullglob
cli_jar=
for j in "$cli"/org.taplease.cli-*.jar; do
	case "$j" in *-sources.jar | *-javadoc.jar) ;; *) cli_jar=$j ;; esac
done
shopt -u nullglob
[[ -n "$cli_jar" && -f "$cli/lib/org.taplease.core.jar" ]] || { echo "build-taplease-deb.sh: build bundles/org.taplease.cli first" >&2; exit 1; }
cp "$cli_jar" "$work/input/org.taplease.cli.jar"
for j in "$cli"/lib/*.jar; do
	cp "$j" "$work/input/"
done
# picocli, compiled again from its sources jar (Maven Central) for Java 21: its jar holds Java 5 class files, which
# the JVM neither keeps in an AOT cache nor verifies quickly, so its 170 classes were read, parsed and verified at
# every start (about 60 ms of 'taplease run', docs/benchmarks.md). Same sources, same manifest and module-info.
picocli_jar=$(ls "$work"/input/picocli-[0-9]*.jar)
picocli_src="$docs/tools/picocli-sources.jar"
[[ -f "$picocli_src" ]] || { echo "build-taplease-deb.sh: no $picocli_src (the module's dependency step copies it)" >&2; exit 1; }
rm -rf "$work/picocli" && mkdir -p "$work/picocli/src" "$work/picocli/jar"
(cd "$work/picocli/src" && unzip -q "$picocli_src" 'picocli/*.java')
"$jdk/bin/javac" --release 21 -nowarn -Xlint:none -encoding UTF-8 -d "$work/picocli/jar" \
	$(find "$work/picocli/src" -name '*.java')
(cd "$work/picocli/jar" && unzip -q "$picocli_jar" 'META-INF/*')
rm -f "$picocli_jar"
(cd "$work/picocli/jar" && "$jdk/bin/jar" --create --file "$picocli_jar" --manifest META-INF/MANIFEST.MF picocli \
	META-INF/versions)

bundle_version=$(unzip -p "$cli_jar" META-INF/MANIFEST.MF | sed -n 's/^Bundle-Version: *//p' | tr -d '\r')
qualifier=${bundle_version##*.}
version=$(deb_version "$project_version" "$qualifier")
numeric_version=$(sed 's/-SNAPSHOT$//' <<<"$project_version")
deb_log "taplease $bundle_version -> Debian version $version"

case "$arch" in
amd64) jna_platform=linux-x86-64 multiarch=x86_64-linux-gnu ;;
arm64) jna_platform=linux-aarch64 multiarch=aarch64-linux-gnu ;;
*) echo "build-taplease-deb.sh: no JNA platform for $arch" >&2; exit 1 ;;
esac
jna_jar=$(ls "$work"/input/jna-[0-9]*.jar)
unzip -q -o -j "$jna_jar" "com/sun/jna/$jna_platform/libjnidispatch.so" -d "$work/native"

# 2. the runtime: only the modules the CLI uses. jdeps names java.base, java.logging (JNA's Native), java.desktop
# (JNA's AWT helpers for window handles, never called here) and java.sql (Gson's optional java.sql.Date adapters,
# looked up reflectively); a module other than these fails the build, so a new dependency cannot go unnoticed.
modules=java.base,java.logging
found=$("$jdk/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps -cp "$work/input/*" \
	"$work"/input/*.jar 2>/dev/null | tail -1)
extra=$(tr ',' '\n' <<<"$found" | grep -v -x -e java.base -e java.logging -e java.desktop -e java.sql || true)
[[ -z "$extra" ]] || { echo "build-taplease-deb.sh: jdeps finds modules not in the runtime: $extra ($found)" >&2; exit 1; }
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
	--output "$work/runtime"

# 3. the native launcher. JVM options: messages to stderr only (stdout may be JSON), the AOT cache of step 5 (the
# JVM ignores a cache that does not match, silently: aot/cds logging off), a small collector and the C1 compiler
# (start-up is what 'taplease run' adds to an emulator's start), JNA's library from the package, never unpacked to
# a temporary directory. JNA's library directories are the architecture's (Debian multiarch): without them JNA runs
# '/sbin/ldconfig -p' at its first use to find them, at every start (about 20 ms; taplease loads only the C library,
# which JNA takes from the process itself).
java_options=(
	-Xlog:disable -Xlog:all=warning:stderr -Xlog:aot=off:stderr -Xlog:cds=off:stderr
	'-XX:AOTCache=$APPDIR/taplease.aot'
	-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData
	--enable-native-access=ALL-UNNAMED
	'-Djna.boot.library.path=$APPDIR' -Djna.nosys=true -Djna.nounpack=true
	"-Djna.platform.library.path=/usr/lib/$multiarch:/lib/$multiarch:/usr/lib:/lib"
)
jp_opts=()
for o in "${java_options[@]}"; do jp_opts+=(--java-options "$o"); done
"$jdk/bin/jpackage" --type app-image --name "$pkg" --dest "$work/image" \
	--input "$work/input" --main-jar org.taplease.cli.jar --main-class org.taplease.cli.Main \
	--runtime-image "$work/runtime" --app-version "$numeric_version" --vendor taplease \
	--description "Leases free tap interfaces" "${jp_opts[@]}"

# 4. the staged package root
root="$work/root"
lib="$root/usr/lib/$pkg"
mkdir -p "$root/usr/lib" "$root/usr/bin"
cp -a "$work/image/$pkg" "$lib"
cp "$work/native/libjnidispatch.so" "$lib/lib/app/"
# not used by a command-line program: jpackage's default icon, the runtime's keytool
rm -f "$lib/lib/$pkg.png" "$lib/lib/runtime/bin/keytool"
# /usr/bin/taplease runs the runtime's java with the launcher's options and class path (its .cfg) itself: jpackage's
# Linux launcher asks the package manager at every start which package owns it ('rpm -qf', then 'dpkg -S', which reads
# the whole dpkg database), which cost 0.3-0.6 s per start here (docs/benchmarks.md); the app image's own launcher
# (usr/lib/taplease/bin/taplease) stays and behaves the same. TAPLEASE_JAVA_OPTS adds JVM options, as in a checkout.
app_cp=$(sed -n 's/^app\.classpath=//p' "$lib/lib/app/$pkg.cfg" | sed "s#\\\$APPDIR#/usr/lib/$pkg/lib/app#g" | paste -sd:)
{
	printf '#!/bin/sh\n'
	printf '# taplease, from the Debian package: its own Java runtime (jlink) and AOT cache in /usr/lib/taplease.\n'
	printf '# Generated by releng/deb/build-taplease-deb.sh from the options of the app image (lib/app/taplease.cfg).\n'
	printf '# shellcheck disable=SC2086\n'
	printf 'exec /usr/lib/%s/lib/runtime/bin/java' "$pkg"
	for o in "${java_options[@]}"; do
		printf ' %s' "${o//\$APPDIR//usr/lib/$pkg/lib/app}"
	done
	printf ' ${TAPLEASE_JAVA_OPTS:-} -cp %s org.taplease.cli.Main "$@"\n' "$app_cp"
} > "$root/usr/bin/$pkg"
doc="$root/usr/share/doc/$pkg"
mkdir -p "$doc/examples"
# the runtime's license notices (OpenJDK: GPLv2 with the Classpath exception, and its third-party notices) belong
# with the documentation, not in the runtime directory
mv "$lib/lib/runtime/legal" "$doc/runtime-legal"
cp "$repo/README.md" "$doc/README.md"
cat > "$doc/examples/vms.yaml" <<'EOF'
# An example pool declaration: copy it to /etc/taplease/pools.d/vms.yaml (root-owned, mode 0644), adapt it, then
# 'sudo taplease pool apply'. 'sudo taplease pool create --name vms --count 4 --owner alice' writes the same file.
pool: vms
count: 4
owner: alice
EOF
mkdir -p "$root/usr/share/man/man1"
shopt -s nullglob
pages=("$docs"/man/*.1)
shopt -u nullglob
((${#pages[@]})) || { echo "build-taplease-deb.sh: no man pages in $docs/man" >&2; exit 1; }
for p in "${pages[@]}"; do
	gzip -9n < "$p" > "$root/usr/share/man/man1/$(basename "$p").gz"
done
# a completion file is sourced, not run: no #! line
mkdir -p "$root/usr/share/bash-completion/completions"
sed '1{/^#!/d}' "$docs/completion/taplease" > "$root/usr/share/bash-completion/completions/$pkg"
install -D -m 0644 "$repo/releng/systemd/taplease-pools.service" "$root/lib/systemd/system/taplease-pools.service"
mkdir -p "$root/etc/taplease/pools.d"
install -D -m 0644 "$here/taplease.lintian-overrides" "$root/usr/share/lintian/overrides/$pkg"

deb_strip "$root"
deb_fix_permissions "$root"

# 5. the AOT cache (JDK 25, JEP 483/514), trained with the package's own runtime on list, pool and run: the class
# path is the launcher's (app.classpath of its .cfg), so the cache is valid once installed (the JVM accepts an
# application class path moved as a whole, and dpkg keeps the files' modification times).
bash "$here/train-aot.sh" "$lib" "${java_options[@]}" > "$work/train-aot.log" 2>&1 || {
	cat "$work/train-aot.log" >&2; exit 1; }
grep '^train-aot.sh:\|^training:' "$work/train-aot.log" >&2

# 6. metadata
deb_doc "$root" "$pkg" "$version" "Build of taplease $bundle_version." "$repo/LICENSE" "$here/taplease.copyright"
depends=$(deb_shlibs_depends "$root")
deb_control "$root" "$pkg" "$version" "$arch" "$depends" net \
	"lease free tap interfaces, race-free and without root" "$here/taplease.description"
for s in postinst postrm; do
	install -m 0755 "$here/taplease.$s" "$root/DEBIAN/$s"
done
deb_conffiles "$root"
deb_md5sums "$root"
deb_build "$root" "$out/${pkg}_${version}_${arch}.deb"
