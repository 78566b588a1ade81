#!/usr/bin/env bash
# Builds the tap-workbench Debian package from the Tap Workbench product (run by releng/org.taplease.workbench.deb in
# the Maven build's package phase):
#  1. the installation: a copy of the product whose configuration area is in each user's home (the install area,
#     /usr/lib/tap-workbench/lib/app, is read-only; root must not write there either, or purge would leave files);
#  2. a Java runtime made by jlink with the modules the workbench needs (bundles resolve against the runtime's
#     packages: a missing module leaves bundles unresolved, which the package test checks);
#  3. jpackage --type app-image: the native launcher bin/tap-workbench (Eclipse's own launcher is not on Maven
#     Central) that runs the equinox launcher jar on that runtime;
#  4. the package tree (/usr/lib/tap-workbench, /usr/bin/tap-workbench, desktop entry, icons, copyright, changelog,
#     lintian overrides), md5sums and control, and dpkg-deb.
# Usage: tap-workbench.sh --jdk JDK-HOME --product PRODUCT-DIR --version MAVEN-VERSION --taplease-deb DIR --out DIR
# (the package's version is that of the taplease package in DIR, the same build's, which it depends on exactly)
# Needs the JDK's jlink and jpackage (21+), dpkg-deb and dpkg-shlibdeps (Debian packages dpkg, dpkg-dev).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
files="$here/../org.taplease.workbench.deb/src/deb"
icons="$here/../../bundles/org.taplease.workbench/icons"
say() { printf 'tap-workbench.sh: %s\n' "$*" >&2; }
. "$here/deb-common.sh"

jdk="" product="" version="" out="" taplease_debs=""
while (($#)); do
	case "$1" in
		--jdk) jdk=$2; shift 2 ;;
		--product) product=$2; shift 2 ;;
		--version) version=$2; shift 2 ;;
		--out) out=$2; shift 2 ;;
		--taplease-deb) taplease_debs=$2; shift 2 ;;
		*) say "unknown argument $1"; exit 2 ;;
	esac
done
[[ -n "$jdk" && -n "$product" && -n "$version" && -n "$out" && -n "$taplease_debs" ]] || { say "usage: --jdk HOME --product DIR --version V --taplease-deb DIR --out DIR"; exit 2; }
jdk=$(realpath "$jdk") product=$(realpath "$product") out=$(realpath -m "$out")
[[ -x "$jdk/bin/jpackage" && -x "$jdk/bin/jlink" ]] || { say "$jdk has no jpackage/jlink: build with a full JDK 21+"; exit 1; }
[[ -d "$product/plugins" ]] || { say "no product at $product: build releng/org.taplease.product first"; exit 1; }

package=tap-workbench
# the version of the taplease package of this build (e.g. 0.1.0~202611301424-1), which this one depends on exactly
shopt -s nullglob
taplease_deb=("$taplease_debs"/taplease_*_amd64.deb)
shopt -u nullglob
((${#taplease_deb[@]} == 1)) || { say "expected one taplease_*_amd64.deb in $taplease_debs (build releng/org.taplease.deb first)"; exit 1; }
deb_version=$(dpkg-deb -f "${taplease_deb[0]}" Version)
upstream=${deb_version%-*}
# the modules the workbench's bundles use (java.se: every javax.* / java.* package a bundle may import; jdk.xml.dom:
# org.w3c.dom.css, the CSS theme engine's; jdk.unsupported:
# sun.misc.Unsafe; jdk.zipfs, jdk.charsets, jdk.net, jdk.security.auth, jdk.crypto.cryptoki, jdk.management: used
# by p2/ECF and the OSGi framework)
modules=java.se,jdk.xml.dom,jdk.unsupported,jdk.zipfs,jdk.charsets,jdk.net,jdk.security.auth,jdk.crypto.cryptoki,jdk.management

work="$out/deb"
rm -rf "$work"
mkdir -p "$work"

# 1. the installation
cp -a "$product" "$work/input"
rm -f "$work/input/tap-workbench" # the archive's start script; the package starts through /usr/bin/tap-workbench
launcher=$(cd "$work/input" && ls plugins/org.eclipse.equinox.launcher_*.jar)
mkdir -p "$work/launcher/plugins"
cp "$work/input/$launcher" "$work/launcher/plugins/"
# .eclipseproduct: Equinox names per-user areas after it (as an Eclipse IDE's installation has one)
printf 'name=Tap Workbench\nid=org.taplease.product\nversion=%s\n' "$upstream" > "$work/input/.eclipseproduct"
cat >> "$work/input/configuration/config.ini" <<'EOF'
# tap-workbench Debian package: each user's configuration area (bundle cache, p2 state) is in the user's home, for
# root too, so nothing is ever written under /usr/lib/tap-workbench; this configuration is its shared parent
osgi.configuration.area=@user.home/.eclipse/org.taplease.product/configuration
EOF

# 2. the runtime
# (no splash screen: the workbench shows none, and the library would be one more copy of zlib and libjpeg)
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
	--exclude-files='**/libsplashscreen.so' --output "$work/runtime"

# 3. the native launcher: jpackage's input is the equinox launcher jar alone (it puts every jar of its input on the
# class path, where bundles do not belong: the framework loads them); the installation is added to lib/app after
"$jdk/bin/jpackage" --type app-image --dest "$work/image" --name "$package" --app-version "${version%-SNAPSHOT}" \
	--vendor taplease --description "Tap Workbench" --icon "$icons/tap32.png" \
	--input "$work/launcher" --main-jar "$launcher" --runtime-image "$work/runtime" \
	--java-options --enable-native-access=ALL-UNNAMED
cp -a "$work/input/." "$work/image/$package/lib/app/"

# 4. the package
root="$work/root"
mkdir -p "$root/usr/lib" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/doc/$package" \
	"$root/usr/share/lintian/overrides" "$root/DEBIAN"
cp -a "$work/image/$package" "$root/usr/lib/$package"
install -m 755 "$files/tap-workbench" "$root/usr/bin/$package"
install -m 644 "$files/tap-workbench.desktop" "$root/usr/share/applications/$package.desktop"
for size in 16 32; do
	install -D -m 644 "$icons/tap$size.png" "$root/usr/share/icons/hicolor/${size}x$size/apps/$package.png"
done
install -D -m 644 "$files/tap-workbench.1" "$root/usr/share/man/man1/$package.1"
gzip -9n "$root/usr/share/man/man1/$package.1"
install -m 644 "$files/copyright" "$root/usr/share/doc/$package/copyright"
deb_changelog "$root" "$package" "$deb_version" "First package: the Tap Workbench with its own Java runtime (jlink)\
 and a native launcher (jpackage), /usr/bin/tap-workbench and a desktop entry."
install -m 644 "$files/lintian-overrides" "$root/usr/share/lintian/overrides/$package"
# the shared helpers, as for the taplease package: native code stripped as dh_strip does, Debian's permissions, the
# Depends of the runtime's and launcher's libraries (libc6, zlib1g, ...), control, md5sums
deb_strip "$root/usr/lib/$package"
deb_fix_permissions "$root"
shlibs=$(deb_shlibs_depends "$root/usr/lib/$package")
deb_control "$root" "$package" "$deb_version" amd64 "taplease (= $deb_version), libgtk-3-0${shlibs:+, $shlibs}" net \
	"Tap Workbench: an IDE to lease tap devices and launch emulators" "$files/description"
deb_md5sums "$root"
installed_size=$(sed -n "s/^Installed-Size: //p" "$root/DEBIAN/control")

deb="$out/${package}_${deb_version}_amd64.deb"
rm -f "$out/${package}_"*.deb
deb_build "$root" "$deb"
say "installed size $((installed_size / 1024)) MiB"
