#!/usr/bin/env bash
# make miniport: build any ScsiPort miniport source tree, unmodified, into a
# Linux module next to scsiport.ko.
#
# usage: tools/miniport.sh   (settings from the environment, as make passes them)
#   SRC=DIR...     the miniport's sources: folders (all their *.c, or the
#                  files a DDK "sources" file in the folder lists) or .c
#                  files; several, separated by spaces or colons (vendor
#                  trees keep shared code in a folder of its own)
#   NAME=name      module name (default: TARGETNAME of the sources file, or
#                  the first folder's name), lower case, [a-z0-9_]
#   PCI=VVVV:DDDD  PCI IDs to bind, for a miniport that declares none itself
#   CLASS=cc       PCI classes to bind the same way: 010802 (class, subclass,
#                  programming interface) or 0108 (any interface)
#   DEFINES=...    preprocessor symbols (NAME or NAME=value), space separated
#   INCLUDES=...   more include folders, space or colon separated
#   KERNEL=...     deb612, deb61 or test (our kernels), a kernel build
#                  folder, or "running"; default: the running kernel when its
#                  headers are installed, else deb612
#   OUT=dir        where the build tree goes (default build/mp/KERNEL/NAME)
#   ABI=windows    compile the sources as Windows code (clang, LLP64, the
#                  Microsoft x64 convention) instead of kernel code
#   HEADERS=ours   with ABI=windows: shim/include (default), or mingw for
#                  mingw-w64's DDK headers (shim/winabi-mingw.h; design.rst)
#
# The source tree is only read.  The build tree holds copies of the sources,
# a generated Kbuild, a copy of the shim (scsiport.ko is built beside the
# miniport, so the tree is self-contained) and a dkms.conf: DKMS rebuilds
# the miniport for a new kernel from it (Documentation/foreign.rst).
# Prints the module's path, its aliases and the warning count; exit 1 on
# any error.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

mp_err() { echo "make miniport: $*" >&2; exit 1; }

# Names of modules of this project: a miniport must not take one.
MP_OURS="scsiport pvscsi_sp sp_ramdisk scsiport_kunit"

# mp_sources_file DIR: the DDK "sources" file of a folder, if any
mp_sources_file() {
	find "$1" -maxdepth 1 -type f -iname sources | head -n 1
}

# mp_ddk_var FILE VAR: the value of VAR in a DDK sources file, with its
# continuation lines joined; the last plain assignment outside !IF blocks
# wins, else the first one inside.
mp_ddk_var() {
	awk -v var="$2" '
	{ sub(/\r$/, "") }
	cont { line = line " " $0; if (line ~ /\\$/) { sub(/\\$/, "", line); next } cont = 0; emit(); next }
	/^[ \t]*!IF/ { depth++ ; next }
	/^[ \t]*!ENDIF/ { depth--; next }
	/^[ \t]*!/ { next }
	{
		if (match($0, "^[ \t]*" var "[ \t]*=")) {
			line = substr($0, RLENGTH + 1)
			if (line ~ /\\$/) { sub(/\\$/, "", line); cont = 1; next }
			emit()
		}
	}
	function emit() {
		if (depth == 0) top = line; else if (inner == "") inner = line
	}
	END { v = (top != "") ? top : inner; gsub(/^[ \t]+|[ \t]+$/, "", v); print v }
	' "$1"
}

# mp_resolve BASE PATH: a DDK path (backslashes, relative to BASE), absolute
mp_resolve() {
	local p=${2//\\//}
	case $p in /*) ;; *) p=$1/$p ;; esac
	readlink -m "$p"
}

# Collect the sources: MP_C (absolute .c paths), MP_DIRS (their folders).
mp_collect() {
	local entry dir sf f list name n=0
	MP_C=() MP_DIRS=() MP_TARGET=
	for entry in ${SRC//:/ }; do
		[ -e "$entry" ] || mp_err "SRC entry '$entry' does not exist"
		entry=$(readlink -f "$entry")
		if [ -f "$entry" ]; then
			case $entry in *.c) MP_C+=("$entry") ;; *) mp_err "SRC entry '$entry' is not a folder or a .c file" ;; esac
			continue
		fi
		sf=$(mp_sources_file "$entry")
		if [ -n "$sf" ]; then
			list=$(mp_ddk_var "$sf" SOURCES)
			[ -n "$list" ] || mp_err "$sf has no SOURCES"
			[ -n "$MP_TARGET" ] || MP_TARGET=$(mp_ddk_var "$sf" TARGETNAME)
			for f in $list; do
				case $f in
				*.rc | *.RC) echo "  (skipped $f: a Windows resource script)" ;;
				*.[cC])
					f=$(mp_resolve "$entry" "$f")
					[ -f "$f" ] || mp_err "unknown source: $sf lists $f, which does not exist"
					MP_C+=("$f") ;;
				*) mp_err "unknown source: $sf lists '$f' (only C sources and .rc are understood)" ;;
				esac
			done
			for f in $(mp_ddk_var "$sf" INCLUDES | tr ';' ' '); do
				f=$(mp_resolve "$entry" "$f")
				[ -d "$f" ] && MP_DIRS+=("$f")
			done
		else
			n=0
			for f in "$entry"/*.c; do
				[ -f "$f" ] || continue
				MP_C+=("$f")
				n=$((n + 1))
			done
			[ "$n" -gt 0 ] || mp_err "unknown source: '$entry' has no .c file and no DDK sources file"
		fi
	done
	[ ${#MP_C[@]} -gt 0 ] || mp_err "no sources (SRC=$SRC)"
	for f in "${MP_C[@]}"; do MP_DIRS+=("$(dirname "$f")"); done
	# unique, in order
	mapfile -t MP_DIRS < <(printf '%s\n' "${MP_DIRS[@]}" | awk '!seen[$0]++')
	name=${NAME:-${MP_TARGET:-$(basename "${SRC%%[ :]*}")}}
	MP_NAME=$(echo "$name" | tr 'A-Z-' 'a-z_' | tr -cd 'a-z0-9_')
	[ -n "$MP_NAME" ] || mp_err "no usable module name from '$name' (set NAME=)"
}

# mp_kernel: K_KDIR, K_REL, K_MODROOT, MP_KNAME for KERNEL
mp_kernel() {
	local k=${KERNEL:-}
	if [ -z "$k" ]; then
		if [ -d "/lib/modules/$(uname -r)/build" ]; then k=running; else k=deb612; fi
	fi
	case $k in
	deb612 | deb61 | test)
		ensure_deps >/dev/null || mp_err "dependency installation failed"
		[ "$k" != test ] || ensure_testkernel >/dev/null || mp_err "test kernel build failed"
		kernel_info "$k"
		MP_KNAME=$k ;;
	running)
		K_KDIR=/lib/modules/$(uname -r)/build K_REL=$(uname -r) K_MODROOT=/
		[ -d "$K_KDIR" ] || mp_err "no headers for the running kernel $K_REL (install linux-headers-$K_REL, or use KERNEL=deb612)"
		MP_KNAME=$K_REL ;;
	*)
		[ -f "$k/Makefile" ] || mp_err "KERNEL=$k is neither deb612/deb61/test/running nor a kernel build folder"
		K_KDIR=$(readlink -f "$k") K_REL=$(make -s -C "$K_KDIR" kernelrelease 2>/dev/null) K_MODROOT=
		MP_KNAME=$(basename "$K_KDIR") ;;
	esac
}

# A module of that kernel, or of ours, with the same name: refuse it.
mp_check_name() {
	local m hit=
	for m in $MP_OURS; do
		[ "$MP_NAME" != "$m" ] || mp_err "name collision: '$MP_NAME' is a module of this project; choose another NAME="
	done
	if [ -n "${K_MODROOT:-}" ] && [ -d "$K_MODROOT/lib/modules/$K_REL" ]; then
		hit=$(find "$K_MODROOT/lib/modules/$K_REL" -name "$MP_NAME.ko*" 2>/dev/null | head -n 1)
		[ -n "$hit" ] || hit=$(grep -hE "(^|/)${MP_NAME}\.ko(\.[a-z]+)?$" \
			"$K_MODROOT/lib/modules/$K_REL/modules.builtin" 2>/dev/null | head -n 1)
		[ -z "$hit" ] || mp_err "name collision: kernel $K_REL has a module '$MP_NAME' (${hit##*/lib/modules/"$K_REL"/}); choose another NAME="
	fi
}

mp_check_ids() {
	local id c
	for id in $PCI; do
		[[ $id =~ ^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$ ]] || mp_err "PCI=$id: want VVVV:DDDD in hex"
	done
	for c in $CLASS; do
		[[ $c =~ ^([0-9a-fA-F]{4}|[0-9a-fA-F]{6})$ ]] || mp_err "CLASS=$c: want 4 or 6 hex digits (e.g. 010802)"
	done
}

# Write the build tree: copies of the sources, the shim, Kbuilds, dkms.conf.
mp_tree() {
	local d i=0 f inc defs=
	MP_OUT=${OUT:-$BUILD/mp/$MP_KNAME/$MP_NAME}
	mkdir -p "$MP_OUT/$MP_NAME/src"
	rsync -a --delete --exclude /include/test --exclude '*.o' --exclude '*.ko' \
		--exclude '.*.cmd' --exclude '*.mod' --exclude '*.mod.c' --exclude '*.su' --exclude '*.stack' \
		--exclude Module.symvers --exclude modules.order \
		"$ROOT/shim/" "$MP_OUT/shim/"
	MP_OBJS= MP_INC=
	for d in "${MP_DIRS[@]}"; do
		# the folder's headers, and its listed sources, keep their mtimes
		mkdir -p "$MP_OUT/$MP_NAME/src/$i"
		find "$d" -maxdepth 1 -type f \( -name '*.h' -o -name '*.H' \) \
			-exec cp -p {} "$MP_OUT/$MP_NAME/src/$i/" \;
		for f in "${MP_C[@]}"; do
			[ "$(dirname "$f")" = "$d" ] || continue
			cp -p "$f" "$MP_OUT/$MP_NAME/src/$i/"
			MP_OBJS="$MP_OBJS src/$i/$(basename "${f%.[cC]}").o"
		done
		# the copy first; the original folder for relative includes
		# that leave it (#include "../inc/x.h")
		MP_INC="$MP_INC -I\$(src)/src/$i -I$d"
		i=$((i + 1))
	done
	for inc in ${INCLUDES//:/ }; do
		[ -d "$inc" ] || mp_err "INCLUDES entry '$inc' is not a folder"
		MP_INC="$MP_INC -I$(readlink -f "$inc")"
	done
	for d in $DEFINES; do defs="$defs -D$d"; done
	cat > "$MP_OUT/Kbuild.new" <<EOF
# Generated by make miniport (tools/miniport.sh): scsiport.ko and $MP_NAME.ko.
include \$(src)/shim/probes.kbuild
obj-m += shim/
obj-m += $MP_NAME/
EOF
	cat > "$MP_OUT/$MP_NAME/Kbuild.new" <<EOF
# Generated by make miniport (tools/miniport.sh) from: $SRC
sp-module    := $MP_NAME
sp-objs      :=$MP_OBJS
sp-pnp-ids   := $PCI
sp-pnp-class := $CLASS
sp-desc      := ScsiPort miniport $MP_NAME (built by make miniport)
sp-shim      := \$(src)/../shim
ccflags-y    +=$MP_INC$defs
include \$(src)/../shim/miniport.kbuild
EOF
	# rewritten only when different, so nothing rebuilds for nothing
	for f in "$MP_OUT/Kbuild" "$MP_OUT/$MP_NAME/Kbuild"; do
		cmp -s "$f.new" "$f" && rm -f "$f.new" || mv "$f.new" "$f"
	done
	sed -e "s/@NAME@/$MP_NAME/g" -e "s/@VERSION@/${MP_VERSION}/g" \
		"$ROOT/tools/dkms/miniport.dkms.conf" > "$MP_OUT/dkms.conf"
}

mp_build() {
	local log=$MP_OUT/build.log
	# the miniport's objects always: the warning count is of all of it
	find "$MP_OUT/$MP_NAME" -name '*.o' -delete
	make -C "$K_KDIR" M="$MP_OUT" W=1 -j"$JOBS" ${ABI:+SP_ABI=$ABI} \
		${HEADERS:+SP_HEADERS=$HEADERS} modules > "$log" 2>&1 || {
		grep -E 'error|Error' "$log" | head -n 30 >&2
		mp_err "build failed for $K_REL, see $log"
	}
	MP_KO=$MP_OUT/$MP_NAME/$MP_NAME.ko
	[ -f "$MP_KO" ] || mp_err "no $MP_NAME.ko after the build (see $log)"
	MP_WARN=$(grep -c 'warning:' "$log" || true)
}

mp_main() {
	: "${SRC:?make miniport: SRC= is required (the miniport source folder)}"
	PCI=${PCI:-} CLASS=${CLASS:-} DEFINES=${DEFINES:-} INCLUDES=${INCLUDES:-}
	ABI=${ABI:-} HEADERS=${HEADERS:-}
	case $ABI in '' | linux) ABI= ;; windows) ;; *) mp_err "ABI=$ABI: want windows (or nothing: kernel code)" ;; esac
	case $HEADERS in '' | ours | mingw) ;; *) mp_err "HEADERS=$HEADERS: want ours or mingw" ;; esac
	[ -z "$HEADERS" ] || [ -n "$ABI" ] || mp_err "HEADERS=$HEADERS needs ABI=windows"
	MP_VERSION=${MP_VERSION:-$(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo 0)}
	mp_collect
	mp_check_ids
	mp_kernel
	mp_check_name
	mp_tree
	mp_build
	echo "module: ${MP_KO#"$ROOT"/} (kernel $K_REL, ${#MP_C[@]} sources, ${ABI:-kernel} code, $MP_WARN warnings under W=1)"
	modinfo -F alias "$MP_KO" | sed 's/^/  alias: /'
	echo "  with: ${MP_OUT#"$ROOT"/}/shim/scsiport.ko"
}

# mp_pvscsi_windows KERNEL NAME HEADERS [DEFINES]: our pvscsi miniport
# built by make miniport as Windows code (ABI=windows) into module NAME,
# in build/mp/KERNEL/NAME; MP_KO is its .ko.  For the harness: make test's
# mingw build (pvscsi_mw) and make bench's pvscsi_sp_win.
mp_pvscsi_windows() {
	SRC=$ROOT/miniport/pvscsi NAME=$2 PCI=15AD:07C0 CLASS= DEFINES=${4:-} INCLUDES= \
		KERNEL=$1 OUT=$BUILD/mp/$1/$2 ABI=windows HEADERS=$3 mp_main
}

# Sourced by the harness for mp_* functions; run: build.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	mp_main
fi
