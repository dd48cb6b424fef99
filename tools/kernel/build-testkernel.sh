#!/usr/bin/env bash
# Build (or reuse) the project's test kernel from Debian's linux-source-6.12.
#
# usage: build-testkernel.sh CACHE_DIR
# Prints the path of the kernel's build directory (usable as KDIR) on stdout's
# last line.  The result is cached in CACHE_DIR/testkernel/<key>, where <key>
# hashes the config fragment, the recipe version below, the source package
# version and the compiler, so it is rebuilt only when one of them changes.
set -euo pipefail

cache=${1:?usage: $0 CACHE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
frag=$here/testkernel.config
tarball=/usr/src/linux-source-6.12.tar.xz
jobs=${JOBS:-$(nproc)}

[ -f "$tarball" ] || { echo "build-testkernel: $tarball missing (run make deps)" >&2; exit 1; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
ccver=$(gcc --version | head -n 1)
# Bump when the build steps below change what they produce.
recipe=1
key=$( { cat "$frag"; echo "recipe $recipe"; echo "$srcver"; echo "$ccver"; } | sha256sum | cut -c1-16)
out=$cache/testkernel/$key
src=$cache/src/linux-source-6.12-$srcver

if [ -f "$out/.done" ]; then
	echo "$out/obj"
	exit 0
fi

log() { echo "  [testkernel] $*" >&2; }

if [ ! -f "$src/.extracted" ]; then
	log "extracting linux-source $srcver"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xf "$tarball"
	touch "$src.tmp/.extracted"
	mv "$src.tmp" "$src"
fi

rm -rf "$out"
mkdir -p "$out/obj"
start=$(date +%s)
log "configuring (key $key)"
make -s -C "$src" O="$out/obj" tinyconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$out/obj" "$out/obj/.config" "$frag" >/dev/null
make -s -C "$src" O="$out/obj" olddefconfig >&2

# Every option of the fragment must have survived olddefconfig.
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$out/obj/.config" || { log "option lost: $line"; missing=1; } ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		if grep -q "^$opt=" "$out/obj/.config"; then log "option not unset: $opt"; missing=1; fi ;;
	esac
done < "$frag"
[ "$missing" -eq 0 ] || { echo "build-testkernel: config fragment did not apply" >&2; exit 1; }

log "building bzImage and modules with -j$jobs (about 10-12 minutes cold)"
make -C "$src" O="$out/obj" -j"$jobs" bzImage modules >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "build-testkernel: kernel build failed, log in $out/build.log" >&2
	exit 1
}
make -s -C "$src" O="$out/obj" INSTALL_MOD_PATH="$out/modroot" modules_install >&2
cp "$out/obj/arch/x86/boot/bzImage" "$out/bzImage"
make -s -C "$src" O="$out/obj" kernelrelease > "$out/kernelrelease"
echo $(( $(date +%s) - start )) > "$out/build-seconds"
touch "$out/.done"
log "built in $(cat "$out/build-seconds") s"
# Only the current configuration is kept.
for old in "$cache"/testkernel/*; do
	[ "$old" = "$out" ] || rm -rf "$old"
done
echo "$out/obj"
