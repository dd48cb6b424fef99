#!/usr/bin/env bash
# A guest profile: one VM with perf in its initramfs, for finding where the
# shim, a miniport or the native driver spends guest CPU.  Not part of
# make test or make bench.
#
# usage: tools/profile.sh [-k deb612|deb61|test] [-t SECONDS] BODY [run.sh args]
#   BODY      guest commands, as for vm_run (tools/guest/*.sh are sourced);
#             perf_flat LABEL CMD... runs CMD under "perf record -a" and
#             prints its hottest symbols as "@@P LABEL ..." lines
#   run.sh args: -H SPEC (HBAs), -c N (vCPUs), -v ... (tools/qemu/run.sh)
# The guest log is build/logs/profile.log.  Installs linux-perf if missing.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/tools/vm.sh"

usage() { sed -n '6,12p' "$0" >&2; exit 2; }
kernel=deb612 timeout=1200
while getopts "k:t:" o; do
	case $o in
	k) kernel=$OPTARG ;;
	t) timeout=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] && [ -f "$1" ] || usage
body=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
case $kernel in deb612 | deb61 | test) ;; *) usage ;; esac

ensure_deps || die "dependency installation failed"
if [ ! -x /usr/bin/perf ]; then
	step "apt-get install linux-perf"
	apt-get install -y -qq --no-install-recommends linux-perf >/dev/null ||
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends linux-perf >/dev/null; } ||
		die "cannot install linux-perf"
fi
[ "$kernel" != test ] || ensure_testkernel
step "building for $kernel"
build_modules "$kernel" || die "build failed (build/$kernel/build.log)"
perf_cpio=$BUILD/initramfs/perf.cpio
mkdir -p "$BUILD/initramfs"
if [ ! -f "$perf_cpio" ] || [ /usr/bin/perf -nt "$perf_cpio" ]; then
	"$ROOT/tools/initramfs/build.sh" perf "$perf_cpio" || die "cannot pack perf"
fi
step "profiling VM (log: build/logs/profile.log)"
VM_EXTRA_CPIO=$perf_cpio vm_run profile "$kernel" "$timeout" "" "$body" "$@"
