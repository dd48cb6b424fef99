#!/usr/bin/env bash
# make run: install what is missing, build the shim and the PVSCSI miniport
# for Debian's 6.12 kernel, boot it in QEMU with a pvscsi HBA and two disks,
# and run tools/guest/t_run.sh there.  Ends with the "scsiport run:" line.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/tools/vm.sh"

MINIPORT=${MINIPORT:-pvscsi_sp}
PROC=${PROC:-pvscsi_sp}
T0=$(now)
step "dependencies (apt-get when something is missing)"
ensure_deps || die "dependency installation failed"
step "building scsiport.ko and the miniport for Debian $DEB612_REL"
build_modules deb612 || { tail -n 30 "$BUILD/deb612/build.log"; die "build failed"; }
mkdir -p "$BUILD/logs"
body=$BUILD/logs/run.body
echo "run_main $MINIPORT $PROC" > "$body"
step "booting Debian $DEB612_REL in QEMU (TCG) with a pvscsi HBA and two 256 MiB disks"
vm_run run deb612 600 "pvscsi:2:256M" "$body" |
	sed -u -n -e 's/^@@BOOT /  booted: /p' -e 's/^@@ /  /p'
rc=${PIPESTATUS[0]}
line=$(tr -d '\r' < "$BUILD/logs/run.log" | sed -n 's/^@@RUN //p' | tail -n 1)
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
