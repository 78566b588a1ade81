# Shell library for building Debian binary packages from a staged root (no debian/ source tree, no debhelper):
# control file, changelog, copyright, stripping, permissions, md5sums, dpkg-deb and lintian. Source it; every
# function takes its inputs as arguments and fails (set -e) on error. Used by releng/deb/build-taplease-deb.sh and
# releng/deb/tap-workbench.sh; see
# docs/architecture.md "Packaging".
#
#   . releng/deb/deb-common.sh
#   deb_version 0.1.0-SNAPSHOT 202611301327     -> 0.1.0~202611301327-1 (a release version 0.1.0 -> 0.1.0-1)
#   deb_strip ROOT; deb_fix_permissions ROOT
#   deb_changelog ROOT PKG VERSION TEXT; deb_doc ROOT PKG VERSION CHANGELOG_TEXT LICENSE_FILE [EXTRA_COPYRIGHT_FILE]
#   deb_control ROOT PKG VERSION ARCH "DEPENDS" SECTION "SUMMARY" DESCRIPTION_FILE
#   deb_md5sums ROOT; deb_build ROOT OUT.deb; deb_lintian OUT.deb

# The Maintainer field (override with DEB_MAINTAINER): the project has no mailing list.
: "${DEB_MAINTAINER:=taplease maintainers <maintainers@taplease.invalid>}"

deb_log() { printf 'deb: %s\n' "$*" >&2; }

# deb_version MAVEN_VERSION QUALIFIER: the Debian version of a build. A -SNAPSHOT version becomes BASE~QUALIFIER-1
# (the build's timestamp qualifier: a later build is a newer package, and every snapshot sorts before the release);
# a release version becomes VERSION-1. DEB_VERSION in the environment overrides both.
deb_version() {
	local v=$1 q=$2
	if [[ -n "${DEB_VERSION:-}" ]]; then
		echo "$DEB_VERSION"
	elif [[ "$v" == *-SNAPSHOT ]]; then
		echo "${v%-SNAPSHOT}~${q}-1"
	else
		echo "${v}-1"
	fi
}

# deb_is_elf FILE: true for ELF objects (executables, shared libraries)
deb_is_elf() {
	local magic=
	[[ -f "$1" && ! -L "$1" ]] || return 1
	LC_ALL=C IFS= read -r -n 4 magic < "$1" 2>/dev/null || true
	[[ "$magic" == $'\x7fELF' ]]
}

# deb_has_hashbang FILE: true for a file starting with #!
deb_has_hashbang() {
	local magic=
	LC_ALL=C IFS= read -r -n 2 magic < "$1" 2>/dev/null || true
	[[ "$magic" == '#!' ]]
}

# deb_strip ROOT: strips every ELF file as dh_strip does (no debug symbols, .comment and .note sections)
deb_strip() {
	local f
	while IFS= read -r -d '' f; do
		if deb_is_elf "$f"; then
			chmod u+w "$f"
			if [[ "$f" == *.so || "$f" == *.so.* ]]; then
				strip --remove-section=.comment --remove-section=.note --strip-unneeded "$f"
			else
				strip --remove-section=.comment --remove-section=.note "$f"
			fi
		fi
	done < <(find "$1" -type f -print0)
}

# deb_fix_permissions ROOT: directories 0755, files 0644, ELF executables and scripts with a #! line 0755 (shared
# libraries stay 0644, as policy 8.1 wants)
deb_fix_permissions() {
	local root=$1 f
	find "$root" -type d -exec chmod 0755 {} +
	find "$root" -type f -exec chmod 0644 {} +
	while IFS= read -r -d '' f; do
		case "$f" in
		*.so | *.so.*) continue ;;
		esac
		if deb_is_elf "$f"; then
			if file -b "$f" | grep -q 'executable'; then
				chmod 0755 "$f"
			fi
		elif [[ "$f" != */usr/share/* ]] && deb_has_hashbang "$f"; then
			chmod 0755 "$f"
		fi
	done < <(find "$root" -type f -print0)
	[[ -d "$root/DEBIAN" ]] || return 0
	for f in "$root"/DEBIAN/{preinst,postinst,prerm,postrm,config}; do
		[[ -f "$f" ]] && chmod 0755 "$f"
	done
	return 0
}

# deb_changelog ROOT PKG VERSION TEXT: /usr/share/doc/PKG/changelog.Debian.gz, one entry saying TEXT, dated now or
# $SOURCE_DATE_EPOCH
deb_changelog() {
	local root=$1 pkg=$2 version=$3 text=$4
	local doc="$root/usr/share/doc/$pkg" date
	mkdir -p "$doc"
	date=$(LC_ALL=C date -R ${SOURCE_DATE_EPOCH:+-d "@$SOURCE_DATE_EPOCH"})
	{
		printf '%s (%s) unstable; urgency=medium\n\n' "$pkg" "$version"
		printf '%s\n' "$text" | fold -s -w 76 | sed 's/ *$//; 1s/^/  * /; 1!s/^/    /'
		printf '\n -- %s  %s\n' "$DEB_MAINTAINER" "$date"
	} | gzip -9n > "$doc/changelog.Debian.gz"
}

# deb_doc ROOT PKG VERSION CHANGELOG_TEXT LICENSE_FILE [EXTRA_COPYRIGHT_FILE]: the changelog (deb_changelog) and
# /usr/share/doc/PKG/copyright (machine-readable: the project's license file, then EXTRA_COPYRIGHT_FILE's stanzas for
# what the package bundles)
deb_doc() {
	local root=$1 pkg=$2 version=$3 text=$4 license=$5 extra=${6:-}
	local doc="$root/usr/share/doc/$pkg"
	deb_changelog "$root" "$pkg" "$version" "$text"
	{
		printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n'
		printf 'Upstream-Name: %s\n\n' "$pkg"
		printf 'Files: *\n'
		sed -n 's/^Copyright *(c) */Copyright: /Ip' "$license" | head -1
		printf 'License: EPL-2.0\n'
		grep -v -i '^Copyright' "$license" | sed '/^[[:space:]]*$/d' | sed 's/^/ /'
		if [[ -n "$extra" ]]; then
			printf '\n'
			cat "$extra"
		fi
	} > "$doc/copyright"
}

# deb_shlibs_depends ROOT: the Depends of the ELF files under ROOT (dpkg-shlibdeps, as ${shlibs:Depends}), e.g.
# "libc6 (>= 2.34), zlib1g (>= 1:1.2.0)"
deb_shlibs_depends() {
	local root=$1 tmp files=() f
	while IFS= read -r -d '' f; do
		deb_is_elf "$f" && files+=("$f")
	done < <(find "$root" -path "$root/DEBIAN" -prune -o -type f -print0)
	((${#files[@]})) || return 0
	tmp=$(mktemp -d)
	mkdir "$tmp/debian"
	printf 'Source: shlibs\n\nPackage: shlibs\nArchitecture: any\n' > "$tmp/debian/control"
	# libraries the package brings itself (the runtime's libjvm.so, ...) are found in their own directories
	local dirs
	dirs=$(printf '%s\n' "${files[@]}" | grep '\.so' | xargs -r -n1 dirname | sort -u | sed 's/^/-l/')
	(cd "$tmp" && dpkg-shlibdeps -O --ignore-missing-info $dirs "${files[@]/#/}" 2>/dev/null) |
		sed -n 's/^shlibs:Depends=//p'
	rm -rf "$tmp"
}

# deb_control ROOT PKG VERSION ARCH DEPENDS SECTION SUMMARY DESCRIPTION_FILE: DEBIAN/control, with Installed-Size
# computed from ROOT (in KiB, as dpkg-gencontrol does) and the long description indented from DESCRIPTION_FILE
# (paragraphs separated by empty lines)
deb_control() {
	local root=$1 pkg=$2 version=$3 arch=$4 depends=$5 section=$6 summary=$7 descfile=$8 size
	mkdir -p "$root/DEBIAN"
	size=$(du -k -s --apparent-size --exclude=DEBIAN "$root" | cut -f1)
	{
		printf 'Package: %s\n' "$pkg"
		printf 'Version: %s\n' "$version"
		printf 'Architecture: %s\n' "$arch"
		printf 'Maintainer: %s\n' "$DEB_MAINTAINER"
		printf 'Installed-Size: %s\n' "$size"
		[[ -n "$depends" ]] && printf 'Depends: %s\n' "$depends"
		printf 'Section: %s\n' "$section"
		printf 'Priority: optional\n'
		[[ -n "${DEB_HOMEPAGE:-}" ]] && printf 'Homepage: %s\n' "$DEB_HOMEPAGE"
		printf 'Description: %s\n' "$summary"
		sed 's/^[[:space:]]*$/./; s/^/ /' "$descfile"
	} > "$root/DEBIAN/control"
}

# deb_conffiles ROOT: DEBIAN/conffiles listing every regular file under ROOT/etc (policy: all of /etc is conffiles)
deb_conffiles() {
	local root=$1
	[[ -d "$root/etc" ]] || return 0
	(cd "$root" && find etc -type f | sort | sed 's#^#/#') > "$root/DEBIAN/conffiles"
	[[ -s "$root/DEBIAN/conffiles" ]] || rm -f "$root/DEBIAN/conffiles"
}

# deb_md5sums ROOT: DEBIAN/md5sums of every file outside DEBIAN and /etc (conffiles have their own sums)
deb_md5sums() {
	local root=$1
	(cd "$root" && find . -type f ! -path './DEBIAN/*' ! -path './etc/*' -printf '%P\0' | LC_ALL=C sort -z |
		xargs -0 -r md5sum) > "$root/DEBIAN/md5sums"
	chmod 0644 "$root/DEBIAN/md5sums"
}

# deb_build ROOT OUT.deb: the package, every file owned by root:root whoever builds it
deb_build() {
	local root=$1 out=$2
	mkdir -p "$(dirname "$out")"
	# xz at level 3 (DEB_XZ_LEVEL): the workbench's 140 MB take minutes at dpkg-deb's default 6, for 1.3 % less
	dpkg-deb --root-owner-group -Zxz -z"${DEB_XZ_LEVEL:-3}" --build "$root" "$out" >/dev/null
	deb_log "built $out ($(du -h "$out" | cut -f1))"
}

# deb_lintian OUT.deb: lintian's report (info tags too); non-zero on an error or a warning that is not overridden
# (with --show-overrides lintian would also fail on overridden tags)
deb_lintian() {
	lintian --no-cfg --display-info --fail-on error,warning "$1"
}
