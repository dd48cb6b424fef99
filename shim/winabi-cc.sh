#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Compile a miniport's sources as Windows code into one ELF object for the
# module (miniport.kbuild, SP_ABI=windows).
#
# usage: winabi-cc.sh OUT SHIM HEADERS "FLAGS" SOURCE...
#   OUT      the object to write
#   SHIM     the shim's folder: its sources name the routines Windows code
#            may import (EXPORT_SYMBOL_GPL(spw_<name>))
#   HEADERS  ours (shim/include) or mingw (mingw-w64's DDK headers)
#   FLAGS    the miniport's -I/-D/-U flags
#
# Each source is compiled by clang for the Windows x64 data model and
# calling convention (LLP64, Microsoft x64 ABI), with the kernel's rules
# for its code: no FPU/SSE registers, no red zone, no stack probes, endbr64
# landing pads (IBT), retpolines and return thunks when the kernel has them
# (SP_WIN_KFLAGS), no stack protector, and no jump tables (a switch
# becomes compares, as the kernel builds its own code: objtool cannot follow
# a table, and IBT would need a landing pad at every case).
# The objects are linked into OUT with `ld -r`; every symbol OUT still
# imports must be a routine of the Windows surface, and is renamed to its
# spw_ name.  Any other import stops the build, naming it.  Per-function
# frame sizes go to OUT.su, the stack use of each entry point to OUT.stack.
set -eu

out=$1 shim=$2 headers=$3 flags=$4
shift 4
CLANG=${SP_CLANG:-clang-16}
command -v "$CLANG" > /dev/null 2>&1 || {
	echo "winabi-cc.sh: $CLANG not found (apt-get install clang-16)" >&2
	exit 1
}
tmp=$(mktemp -d "${out%/*}/.winabi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

case $headers in
ours)
	target=x86_64-pc-windows-msvc-elf
	inc="-nostdinc" ;;
mingw)
	# mingw-w64's own headers: the GNU flavour of the target, clang's
	# freestanding headers (mingw's include some), mingw's include folder
	# and DDK, and winabi-mingw.h first (what its miniport.h leaves out)
	target=x86_64-w64-windows-gnu-elf
	mw=/usr/share/mingw-w64/include
	[ -f "$mw/ddk/miniport.h" ] || {
		echo "winabi-cc.sh: $mw/ddk/miniport.h not found (apt-get install mingw-w64-x86-64-dev)" >&2
		exit 1
	}
	inc="-nostdinc -isystem $("$CLANG" -print-resource-dir)/include -isystem $mw -isystem $mw/ddk
		-include $shim/winabi-mingw.h"
	# our include folders are the miniport's only when they are not ours
	# shellcheck disable=SC2086 # one flag per word
	flags=$(printf '%s\n' $flags | grep -v -e '/shim/include$' -e '/shim/include/crt$' | tr '\n' ' ') ;;
*)
	echo "winabi-cc.sh: HEADERS=$headers: want ours or mingw" >&2
	exit 1 ;;
esac

# SP_WIN_KFLAGS: the kernel's configuration-dependent code rules (winabi.kbuild)
cflags="${SP_WIN_KFLAGS:-} --target=$target -O2 -ffreestanding -fshort-wchar -fno-common
	-fno-strict-aliasing -fno-delete-null-pointer-checks
	-mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-red-zone
	-mcmodel=kernel -fno-pic -mno-stack-arg-probe -fno-stack-protector
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fstack-usage
	-fno-jump-tables
	-Wno-microsoft-anon-tag -Wno-pragma-pack"

objs=
i=0
for src in "$@"; do
	o=$tmp/$i.o
	# shellcheck disable=SC2086
	"$CLANG" $cflags $inc $flags -c "$src" -o "$o"
	objs="$objs $o"
	i=$((i + 1))
done
# shellcheck disable=SC2086
ld -r -o "$tmp/all.o" $objs
cat "$tmp"/*.su > "$out.su" 2> /dev/null || : > "$out.su"
# Stack use per entry point (winabi-stack.py): OUT.stack
if command -v python3 > /dev/null 2>&1; then
	python3 "$shim/winabi-stack.py" "$tmp/all.o" "$out.su" > "$out.stack"
else
	echo "# no stack report: python3 not found" > "$out.stack"
fi

# The Windows surface: what the shim exports as spw_<name>.
grep -ho 'EXPORT_SYMBOL_GPL(spw_[A-Za-z0-9_]*)' "$shim"/*.c |
	sed 's/EXPORT_SYMBOL_GPL(spw_\(.*\))/\1/' | sort -u > "$tmp/surface"
# The kernel's retpoline and return thunks take no arguments: the code the
# kernel's rules make clang emit calls them as they are.
nm -u "$tmp/all.o" | awk '{ print $2 }' |
	grep -v -e '^__x86_return_thunk$' -e '^__x86_indirect_thunk_r[a-z0-9]*$' |
	sort -u > "$tmp/imports"
bad=$(comm -23 "$tmp/imports" "$tmp/surface")
if [ -n "$bad" ]; then
	for s in $bad; do
		echo "winabi-cc.sh: the miniport imports $s, which the Windows surface does not provide (shim/sp_winabi.c, shim/sp_winrt.c)" >&2
	done
	exit 1
fi
sed 's/.*/& spw_&/' "$tmp/imports" > "$tmp/map"
objcopy --redefine-syms="$tmp/map" "$tmp/all.o" "$out"
