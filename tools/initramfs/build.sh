#!/usr/bin/env bash
# Build the pieces of the guest initramfs.  The kernel accepts several cpio
# archives concatenated, so each piece is built once and the runner glues them:
#
#   build.sh base OUT.cpio            busybox, fio, mkfs.ext4 (+ their libraries), spioctl, /init
#   build.sh kmods REL ROOT OUT.cpio  modules of kernel REL from ROOT/lib/modules/REL
#                                     (the storage/ext4 set and their dependencies,
#                                     decompressed, with a fresh modules.dep)
#   build.sh payload DIR OUT.cpio     the contents of DIR under /scsiport
#   build.sh perf OUT.cpio            the host's perf (linux-perf) and its libraries,
#                                     for tools/profile.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

mkcpio() { # DIR OUT
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) > "$2.tmp"
	mv "$2.tmp" "$2"
}

copy_with_libs() { # STAGE BINARY...
	local stage=$1 bin lib
	shift
	for bin in "$@"; do
		install -D -m 0755 "$bin" "$stage$bin"
		for lib in $(ldd "$bin" | awk '/=> \// {print $3} /^\t\/lib/ {print $1}'); do
			[ -e "$stage$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$stage$lib"
		done
	done
}

base() {
	local out=$1 stage
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' RETURN
	mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,mnt,root,etc,lib64,scsiport}
	install -m 0755 /bin/busybox "$stage/bin/busybox"
	for applet in $(/bin/busybox --list | grep -vx busybox); do
		ln -sf busybox "$stage/bin/$applet"
	done
	ln -sf ../bin/busybox "$stage/sbin/modprobe"
	copy_with_libs "$stage" /usr/bin/fio /sbin/mke2fs
	ln -sf mke2fs "$stage/sbin/mkfs.ext4"
	# IOCTL_SCSI_MINIPORT / SG_IO helper of the guest tests
	gcc -static -O2 -I "$here/../../shim/include" -o "$stage/bin/spioctl" "$here/../guest/spioctl.c"
	install -m 0755 "$here/init" "$stage/init"
	echo "root:x:0:0:root:/root:/bin/sh" > "$stage/etc/passwd"
	mkcpio "$stage" "$out"
}

# The modules a guest may need, by name; dependencies are added from modules.dep.
# virtio_pci and virtio_console carry the results channel (/init; modules on
# Debian's 6.1, built in elsewhere).
WANTED="scsi_mod sd_mod sg vmw_pvscsi scsi_debug null_blk ext4 crc32c_generic crc32c_intel crc32c-intel gpio-sim nvme e1000 virtio_pci virtio_console"

kmods() {
	local rel=$1 root=$2 out=$3 stage mdir
	mdir=$root/lib/modules/$rel
	[ -d "$mdir" ] || { echo "initramfs: no modules at $mdir" >&2; exit 1; }
	[ -f "$mdir/modules.dep" ] || depmod -b "$root" "$rel"
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' RETURN
	local want=() m line f
	for m in $WANTED; do
		line=$(grep -E "(^|/)${m}\.ko(\.xz|\.zst|\.gz)?:" "$mdir/modules.dep" || true)
		[ -n "$line" ] && want+=( ${line/:/} )
	done
	mkdir -p "$stage/lib/modules/$rel"
	for f in $(printf '%s\n' "${want[@]}" | sort -u); do
		install -D -m 0644 "$mdir/$f" "$stage/lib/modules/$rel/$f"
		case "$f" in
		*.xz) xz -d "$stage/lib/modules/$rel/$f" ;;
		*.zst) zstd -q -d --rm "$stage/lib/modules/$rel/$f" ;;
		*.gz) gzip -d "$stage/lib/modules/$rel/$f" ;;
		esac
	done
	cp "$mdir/modules.builtin" "$mdir/modules.order" "$stage/lib/modules/$rel/" 2>/dev/null || true
	[ -f "$mdir/modules.builtin.modinfo" ] && cp "$mdir/modules.builtin.modinfo" "$stage/lib/modules/$rel/"
	depmod -b "$stage" "$rel"
	mkcpio "$stage" "$out"
}

payload() {
	local dir=$1 out=$2 stage
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' RETURN
	mkdir -p "$stage/scsiport"
	cp -a "$dir/." "$stage/scsiport/"
	mkcpio "$stage" "$out"
}

perf() {
	local out=$1 stage
	[ -x /usr/bin/perf ] || { echo "initramfs: no /usr/bin/perf (apt-get install linux-perf)" >&2; exit 1; }
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' RETURN
	copy_with_libs "$stage" /usr/bin/perf
	mkcpio "$stage" "$out"
}

cmd=${1:-}
shift || true
case "$cmd" in
base) base "$@" ;;
kmods) kmods "$@" ;;
payload) payload "$@" ;;
perf) perf "$@" ;;
*) echo "usage: $0 base|kmods|payload|perf ..." >&2; exit 2 ;;
esac
