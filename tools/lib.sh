# shellcheck shell=bash
# Common paths and helpers for the harness scripts (sourced, not run).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
if [ -z "${SCSIPORT_CACHE:-}" ]; then
	if mkdir -p /var/cache/scsiport 2>/dev/null && [ -w /var/cache/scsiport ]; then
		SCSIPORT_CACHE=/var/cache/scsiport
	else
		SCSIPORT_CACHE=$HOME/.cache/scsiport
	fi
fi
CACHE=$SCSIPORT_CACHE
JOBS=${JOBS:-$(nproc)}
export ROOT BUILD CACHE JOBS

say() { printf '%s\n' "$*"; }
step() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }

# Install what is missing and describe the Debian kernels (build/kernels.mk).
ensure_deps() {
	mkdir -p "$BUILD"
	"$ROOT/tools/deps.sh" "$CACHE" "$BUILD/kernels.mk"
	# shellcheck disable=SC1090
	eval "$(sed -n 's/^\([A-Z0-9_]*\) := \(.*\)$/\1="\2"/p' "$BUILD/kernels.mk")"
	export DEB612_REL DEB612_KDIR DEB612_IMAGE DEB61_REL DEB61_KDIR DEB61_IMAGE \
		DEB612RT_REL DEB612RT_KDIR DEB612RT_IMAGE
}

ensure_testkernel() {
	TEST_KDIR=$("$ROOT/tools/kernel/build-testkernel.sh" "$CACHE" | tail -n 1)
	TEST_DIR=$(dirname "$TEST_KDIR")
	TEST_REL=$(cat "$TEST_DIR/kernelrelease")
	export TEST_KDIR TEST_DIR TEST_REL
}

# kernel_info NAME -> sets K_KDIR K_IMAGE K_REL K_MODROOT for deb61|deb612|deb612rt|test
kernel_info() {
	case $1 in
	deb61) K_KDIR=$DEB61_KDIR K_IMAGE=$DEB61_IMAGE/vmlinuz K_REL=$DEB61_REL K_MODROOT=$DEB61_IMAGE/root ;;
	deb612) K_KDIR=$DEB612_KDIR K_IMAGE=$DEB612_IMAGE/vmlinuz K_REL=$DEB612_REL K_MODROOT=$DEB612_IMAGE/root ;;
	deb612rt) K_KDIR=$DEB612RT_KDIR K_IMAGE=$DEB612RT_IMAGE/vmlinuz K_REL=$DEB612RT_REL K_MODROOT=$DEB612RT_IMAGE/root ;;
	test) K_KDIR=$TEST_KDIR K_IMAGE=$TEST_DIR/bzImage K_REL=$TEST_REL K_MODROOT=$TEST_DIR/modroot ;;
	*) die "unknown kernel $1" ;;
	esac
}

# build_modules NAME [make args...]: stage the sources and build every module
# for that kernel with W=1; the log is build/NAME/build.log.
# BM_TAG=folder builds into build/<folder> instead (a variant, e.g. the
# SP_ABI=windows build in build/<kernel>-win).
build_modules() {
	local name=$1 tag=${BM_TAG:-$1}
	shift
	kernel_info "$name"
	local dir=$BUILD/$tag/src
	mkdir -p "$dir"
	# Build outputs are excluded, which also keeps --delete off them.
	rsync -a --delete --exclude /build --exclude /.git --exclude '*.o' \
		--exclude '*.ko' --exclude '.*.cmd' --exclude '*.mod' \
		--exclude '*.mod.c' --exclude '*.su' --exclude '*.stack' --exclude Module.symvers --exclude modules.order \
		--exclude '/miniport/*/sp_modglue.c' --exclude sp_modinfo.h --exclude '*.a' \
		"$ROOT/" "$dir/"
	make -C "$K_KDIR" M="$dir" W=1 -j"$JOBS" "$@" modules >"$BUILD/$tag/build.log" 2>&1
}

# The .ko files built for a kernel.
built_modules() {
	find "$BUILD/$1/src" -name '*.ko' -not -path '*/include/test/*' | sort
}
