#!/usr/bin/env bash
# Builds (once) the tiny guest the launch tests boot: Debian's kernel (uncompressed vmlinux, no install) and a busybox
# initramfs whose /init loads the virtio-net driver, brings eth0 up, connects over TCP to the host side of the tap and
# sends a per-run token (busybox's nc has no UDP), prints markers on the serial console and powers off.
#
# Prints the cache directory (default ~/.cache/taplease/guest/KERNEL-VERSION) holding vmlinux and initramfs.cpio.gz.
# Cached outside the source tree, keyed by kernel version and by this script's checksum. Needs root for apt-get.
# Guest kernel command line it understands: taplease.token=T taplease.ip=A/N taplease.host=H taplease.port=P
#   taplease.count=N (connection attempts) taplease.linger=S (seconds to stay up before poweroff; default 0)
#   taplease.tap=NAME: the guest uses 10.77.N.2/24 and sends to 10.77.N.1, N = the tap name's trailing number
#   ip=CLIENT:SERVER:GW:NETMASK:HOST:DEVICE:AUTOCONF (the Linux kernel's argument, read the way Debian's
#     initramfs-tools reads it; only static addresses): DEVICE (default eth0) gets CLIENT/NETMASK, a default route
#     via GW if given; without taplease.host= the token goes to GW (the host end of a routed pool's member)
#   taplease.peer=IP: send the token to another guest instead of the host, retrying (default 60 attempts, 1 s apart)
#     until that guest listens
#   taplease.listen=PORT: send nothing; accept one connection on PORT (busybox nc -l -p), print
#     "TAPLEASE-RECEIVED <the line received>" (or "TAPLEASE-RECEIVED-NOTHING" after taplease.wait=S, default 60 s)
set -euo pipefail
log() { printf 'test-guest.sh: %s\n' "$*" >&2; }
script="$(readlink -f "${BASH_SOURCE[0]}")"

need=()
[[ -x /bin/busybox ]] && { ldd /bin/busybox 2>&1 || true; } | grep -q "not a dynamic" || need+=(busybox-static)
command -v xz >/dev/null || need+=(xz-utils)
command -v cpio >/dev/null || need+=(cpio)
command -v python3 >/dev/null || need+=(python3-minimal)
if ((${#need[@]})); then
	log "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
if [[ -z "$pkg" ]]; then
	apt-get update -qq >/dev/null
	pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
fi
kver=${pkg#linux-image-}
sum=$(sha256sum "$script" | cut -c1-12)
cache="${TAPLEASE_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/taplease/guest}/$kver-$sum"
if [[ -s "$cache/vmlinux" && -s "$cache/initramfs.cpio.gz" ]]; then
	echo "$cache"
	exit 0
fi
log "building the test guest for kernel $kver in $cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -qq "$pkg" >/dev/null 2>&1)
dpkg-deb -x "$work"/"$pkg"_*.deb "$work/kernel"
vmlinuz="$work/kernel/boot/vmlinuz-$kver"
mods="$work/kernel/lib/modules/$kver/kernel"

# vmlinux: the XZ stream inside vmlinuz, decompressed (the ELF carries the PVH note: faster boot under TCG)
python3 - "$vmlinuz" "$work/vmlinux" <<'PY'
import lzma, sys
data = open(sys.argv[1], 'rb').read()
magic = b'\xfd7zXZ\x00'
pos = data.find(magic)
while pos >= 0:
    try:
        out = lzma.LZMADecompressor().decompress(data[pos:])
        if out[:4] == b'\x7fELF':
            open(sys.argv[2], 'wb').write(out)
            sys.exit(0)
    except lzma.LZMAError:
        pass
    pos = data.find(magic, pos + 1)
sys.exit("no XZ-compressed ELF in " + sys.argv[1])
PY

root="$work/initramfs"
mkdir -p "$root"/{bin,sbin,proc,sys,dev,lib/modules,etc,tmp}
cp /bin/busybox "$root/bin/busybox"
for m in virtio/virtio_ring virtio/virtio virtio/virtio_pci_legacy_dev virtio/virtio_pci_modern_dev \
	virtio/virtio_pci virtio/virtio_mmio net/core/failover net/net_failover net/virtio_net; do
	f=$(find "$mods" -path "*/$m.ko*" | head -1)
	[[ -n "$f" ]] || { log "module $m not found in $pkg"; exit 1; }
	case "$f" in
	*.xz) xz -dc "$f" >"$root/lib/modules/$(basename "${f%.xz}")" ;;
	*) cp "$f" "$root/lib/modules/" ;;
	esac
done
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_mmio failover \
	net_failover virtio_net; do
	insmod /lib/modules/$m.ko 2>/dev/null
done
token=none; tap=; ip=10.77.0.2/24; host=; port=7777; count=; linger=0; kip=; peer=; listen=; wait=60
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	taplease.token=*) token=${arg#*=} ;;
	taplease.ip=*) ip=${arg#*=} ;;
	taplease.host=*) host=${arg#*=} ;;
	taplease.port=*) port=${arg#*=} ;;
	taplease.count=*) count=${arg#*=} ;;
	taplease.linger=*) linger=${arg#*=} ;;
	taplease.tap=*) tap=${arg#*=} ;;
	taplease.peer=*) peer=${arg#*=} ;;
	taplease.listen=*) listen=${arg#*=} ;;
	taplease.wait=*) wait=${arg#*=} ;;
	ip=*) kip=${arg#ip=} ;;
	esac
done
# dotted netmask -> prefix length (255.255.255.252 -> 30)
mask2prefix() {
	bits=0
	for o in $(echo "$1" | tr . ' '); do
		case "$o" in
		255) bits=$((bits + 8)) ;; 254) bits=$((bits + 7)) ;; 252) bits=$((bits + 6)) ;; 248) bits=$((bits + 5)) ;;
		240) bits=$((bits + 4)) ;; 224) bits=$((bits + 3)) ;; 192) bits=$((bits + 2)) ;; 128) bits=$((bits + 1)) ;;
		esac
	done
	echo "$bits"
}
dev=eth0; gw=
if [ -n "$tap" ]; then
	# taplease.tap=NAME (the launch's {tap}): subnet 10.77.N.0/24 from the tap's trailing number, host at .1
	n=$(echo "$tap" | sed 's/.*[^0-9]//')
	ip=10.77.$n.2/24
	[ -n "$host" ] || host=10.77.$n.1
elif [ -n "$kip" ]; then
	# ip=CLIENT:SERVER:GW:NETMASK:HOST:DEVICE:AUTOCONF, empty fields kept (as initramfs-tools' configure_networking)
	case "$kip" in
	off | none | dhcp | on | any | bootp | rarp | both)
		echo "TAPLEASE-IP unsupported ip=$kip (only static addresses)" ;;
	*)
		oldifs=$IFS
		IFS=:
		set -f
		set -- $kip
		set +f
		IFS=$oldifs
		client=$1; gw=$3; mask=$4
		[ -n "$6" ] && dev=$6
		if [ -n "$mask" ]; then
			ip=$client/$(mask2prefix "$mask")
		else
			ip=$client/24
		fi
		[ -n "$host" ] || host=$gw
		;;
	esac
fi
[ -n "$host" ] || host=10.77.0.1
if [ -n "$peer" ]; then
	host=$peer
	[ -n "$count" ] || count=60
fi
[ -n "$count" ] || count=5
mac=$(cat /sys/class/net/$dev/address 2>/dev/null)
ip link set "$dev" up && ip addr add "$ip" dev "$dev"
[ -n "$gw" ] && ip route add default via "$gw" dev "$dev"
echo "TAPLEASE-NET dev=$dev ip=$ip gw=${gw:-none} mac=$mac"
echo "TAPLEASE-GUEST-UP token=$token mac=$mac"
if [ -n "$listen" ]; then
	# one connection; /bin/taplease-recv (run by nc with the connection as stdin/stdout) reads one line and closes it
	echo "TAPLEASE-LISTENING port=$listen"
	timeout "$wait" nc -l -p "$listen" -e /bin/taplease-recv
	if [ -s /tmp/received ]; then
		echo "TAPLEASE-RECEIVED $(cat /tmp/received)"
	else
		echo "TAPLEASE-RECEIVED-NOTHING"
	fi
else
	i=0
	sent=no
	while [ $i -lt "$count" ]; do
		# busybox nc: -w bounds the connect only; timeout bounds the whole exchange
		echo "TAPLEASE-TOKEN $token $mac" | timeout 5 nc -w 2 "$host" "$port"
		rc=$?
		echo "TAPLEASE-SEND to=$host attempt=$i rc=$rc"
		if [ $rc -eq 0 ]; then
			sent=yes
			break
		fi
		i=$((i + 1))
		sleep 1
	done
	echo "TAPLEASE-GUEST-DONE token=$token sent=$sent"
fi
[ "$linger" -gt 0 ] && sleep "$linger"
poweroff -f
INIT
chmod +x "$root/init"
cat >"$root/bin/taplease-recv" <<'RECV'
#!/bin/busybox sh
read -r line
echo "$line" >/tmp/received
RECV
chmod +x "$root/bin/taplease-recv"
mkdir -p "$cache.tmp"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) >"$cache.tmp/initramfs.cpio.gz"
mv "$work/vmlinux" "$cache.tmp/vmlinux"
echo "$kver" >"$cache.tmp/kernel-version"
rm -rf "$cache"
mv "$cache.tmp" "$cache"
log "guest ready: $(du -sh "$cache" | cut -f1) in $cache"
echo "$cache"
