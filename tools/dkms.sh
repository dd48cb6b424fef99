#!/usr/bin/env bash
# DKMS: rebuild scsiport.ko and miniports on a kernel upgrade.
#
#   tools/dkms.sh tree [DIR]       the source tree of the "scsiport" DKMS
#                                  package (shim, our miniports, Kbuild and
#                                  tools/dkms/dkms.conf) in DIR (default
#                                  build/dkms/scsiport-VERSION); install it
#                                  as /usr/src/scsiport-VERSION and run
#                                  "dkms install scsiport/VERSION"
#   tools/dkms.sh check MPTREE KERNEL...
#                                  for make test: dkms add + build, in a
#                                  private DKMS tree under build/dkms, of the
#                                  scsiport package and of the miniport tree
#                                  make miniport wrote (MPTREE, its own
#                                  dkms.conf), for each KERNEL (deb612,
#                                  deb61, test): what a kernel upgrade runs;
#                                  prints the modules DKMS built
#
# A miniport tree from make miniport is a DKMS source tree as it is: copy it
# to /usr/src/NAME-VERSION (VERSION as in its dkms.conf) and "dkms install
# NAME/VERSION"; its package depends on scsiport (BUILD_DEPENDS).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

VERSION=$(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo 0)

dk_tree() {
	local out=${1:-$BUILD/dkms/scsiport-$VERSION}
	mkdir -p "$out"
	rsync -a --delete --exclude /shim/include/test --exclude '*.o' --exclude '*.ko' \
		--exclude '.*.cmd' --exclude '*.mod' --exclude '*.mod.c' \
		--exclude Module.symvers --exclude modules.order \
		--exclude sp_modglue.c --exclude sp_modinfo.h \
		--include /Kbuild --include '/shim/***' --include '/miniport/***' \
		--exclude '*' "$ROOT/" "$out/"
	# sp_modglue.c in a miniport folder is a build product; the shim's is not
	rsync -a "$ROOT/shim/sp_modglue.c" "$out/shim/"
	sed "s/@VERSION@/$VERSION/" "$ROOT/tools/dkms/dkms.conf" > "$out/dkms.conf"
	echo "$out"
}

# dk NAME VERSION SRCDIR...: dkms with our private trees
dk() {
	dkms "$@" --sourcetree "$DK_SRC" --dkmstree "$DK_TREE"
}

dk_check() {
	local mp=${1:?MPTREE} name ver rc=0 ko k f p
	shift
	command -v dkms >/dev/null || { echo "dkms is not installed"; return 1; }
	ensure_deps >/dev/null || return 1
	DK_SRC=$BUILD/dkms/src DK_TREE=$BUILD/dkms/tree
	rm -rf "$DK_SRC" "$DK_TREE"
	mkdir -p "$DK_SRC" "$DK_TREE"
	dk_tree "$DK_SRC/scsiport-$VERSION" > /dev/null
	name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$mp/dkms.conf")
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$mp/dkms.conf")
	rsync -a --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' --exclude '*.mod' \
		--exclude '*.mod.c' --exclude Module.symvers --exclude modules.order \
		--exclude build.log "$mp/" "$DK_SRC/$name-$ver/"
	for p in "scsiport/$VERSION" "$name/$ver"; do
		dk add "$p" > "$BUILD/dkms/add.log" 2>&1 || { cat "$BUILD/dkms/add.log"; return 1; }
	done
	for k in "$@"; do
		[ "$k" != test ] || ensure_testkernel > /dev/null || return 1
		kernel_info "$k"
		for p in "scsiport/$VERSION" "$name/$ver"; do
			if ! dk build "$p" -k "$K_REL" --kernelsourcedir "$K_KDIR" \
				> "$BUILD/dkms/build-${p%%/*}-$k.log" 2>&1; then
				tail -n 20 "$BUILD/dkms/build-${p%%/*}-$k.log"
				find "$DK_TREE" -name make.log -exec tail -n 20 {} \;
				return 1
			fi
		done
		for ko in scsiport pvscsi_sp sp_ramdisk "$name"; do
			f=$(find "$DK_TREE" -path "*/$K_REL/*" -name "$ko.ko*" | head -n 1)
			if [ -z "$f" ]; then
				echo "DKMS built no $ko.ko for $K_REL"
				rc=1
			else
				echo "dkms built ${f#"$DK_TREE"/}"
			fi
		done
	done
	return $rc
}

case ${1:-} in
tree) dk_tree "${2:-}" ;;
check) shift; dk_check "$@" ;;
*) sed -n '2,24p' "$0" >&2; exit 2 ;;
esac
