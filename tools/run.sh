#!/usr/bin/env bash
# make run: install what is missing, build the shim and a miniport for
# Debian's 6.12 kernel, boot it in QEMU with an emulated HBA and its disks,
# and run tools/guest/t_run.sh there.  Ends with the "scsiport run:" line.
#
# Without MINIPORT_SRC: our PVSCSI miniport on a pvscsi HBA with two disks.
# With MINIPORT_SRC=dir: that miniport source tree, built by make miniport
# (NAME, PCI, CLASS, DEFINES and INCLUDES as there), on HBA (default
# pvscsi: one of tools/qemu/run.sh -H) with HBA_OPTS as more device
# properties; an NVMe controller gets one namespace, the others two disks.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/tools/vm.sh"

HBA=${HBA:-pvscsi}
MINIPORT_SRC=${MINIPORT_SRC:-}
T0=$(now)
step "dependencies (apt-get when something is missing)"
ensure_deps || die "dependency installation failed"
step "building scsiport.ko and the miniport for Debian $DEB612_REL"
build_modules deb612 || { tail -n 30 "$BUILD/deb612/build.log"; die "build failed"; }
if [ -n "$MINIPORT_SRC" ]; then
	. "$ROOT/tools/miniport.sh"
	SRC=$MINIPORT_SRC KERNEL=deb612 OUT="" mp_main || die "make miniport failed"
	MINIPORT=$MP_NAME
	export VM_MODULES=$MP_KO
else
	MINIPORT=pvscsi_sp
fi
case $HBA in
nvme) ndisks=1 ;;
*) ndisks=2 ;;
esac
mkdir -p "$BUILD/logs"
body=$BUILD/logs/run.body
echo "run_main $MINIPORT $MINIPORT $ndisks" > "$body"
step "booting Debian $DEB612_REL in QEMU (TCG) with $HBA${HBA_OPTS:+ ($HBA_OPTS)} and $ndisks 256 MiB disk(s)"
vm_run run deb612 600 "$HBA:$ndisks:256M:${HBA_OPTS:-}" "$body" |
	sed -u -n -e 's/^@@BOOT /  booted: /p' -e 's/^@@ /  /p'
rc=${PIPESTATUS[0]}
line=$(tr -d '\r' < "$BUILD/logs/run.results" | sed -n 's/^@@RUN //p' | tail -n 1)
bad=$(log_problems "$BUILD/logs/run.log")
if [ -n "$bad" ]; then
	echo "kernel reported problems:"
	echo "$bad" | head -n 10
	rc=1
fi
glitch_note "$BUILD/logs/run.log"
echo "guest log: build/logs/run.log ($(( $(now) - T0 )) s in all)"
echo "${line:-scsiport run: miniport=$MINIPORT disks=0 verify=fail read_iops=0 write_iops=0}"
exit "$rc"
