#!/usr/bin/env bash
# make bench: ours vs the native Linux driver for the same emulated HBA, in
# one VM run (Debian's 6.12 kernel, two identical pvscsi HBAs), and the
# software path: the RAM-disk miniport vs scsi_debug on 1 and 2 guest CPUs.  Prints one
# "bench: <row> ours=<v> native=<v> ratio=<r>" line per row (ratio > 1 is
# better for ours on every row), writes build/bench/bench.json and a chart
# build/bench/bench.png.  The _nvme rows are the third-party nvme2k miniport
# (make miniport, unchanged) against Linux's nvme driver on two emulated
# NVMe controllers.  A benchmark, not a test: nothing here asserts.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/tools/vm.sh"
. "$ROOT/tools/foreign.sh"

out=$BUILD/bench
mkdir -p "$out" "$BUILD/logs"
step "dependencies"
ensure_deps || die "dependency installation failed"
step "building for Debian $DEB612_REL"
build_modules deb612 || die "build failed (build/deb612/build.log)"
# BENCH_REPS repetitions (default 5) of BENCH_SECS seconds (default 6) per row
for v in "${BENCH_REPS:-5}" "${BENCH_SECS:-6}"; do
	case $v in '' | *[!0-9]* | 0) die "BENCH_REPS and BENCH_SECS must be positive integers" ;; esac
done
case ${BENCH_PLAIN:-1} in 0 | 1) ;; *) die "BENCH_PLAIN is 0 or 1" ;; esac
# BENCH_PLAIN=0: no _plain rows (the callback-pair and _win rows only)
settings="BENCH_REPS=${BENCH_REPS:-5} BENCH_SECS=${BENCH_SECS:-6} BENCH_PLAIN=${BENCH_PLAIN:-1}"
# pvscsi_sp built as Windows code into a module of its own, pvscsi_sp_win
# (make miniport ABI=windows HEADERS=ours NAME=pvscsi_sp_win), on a third
# HBA of the same VM, loaded beside pvscsi_sp on one scsiport.ko: the _win
# rows, each run next to the kernel-code row of the same repetition
step "pvscsi_sp as Windows code (make miniport ABI=windows NAME=pvscsi_sp_win)"
win_ko= hbas="pvscsi:1:1G pvscsi:1:1G"
if (
	. "$ROOT/tools/miniport.sh"
	mp_pvscsi_windows deb612 pvscsi_sp_win ours DBG=1
) > "$BUILD/logs/bench-win.build.log" 2>&1; then
	cp "$BUILD/mp/deb612/pvscsi_sp_win/pvscsi_sp_win/pvscsi_sp_win.ko" "$out/pvscsi_sp_win.ko"
	win_ko=$out/pvscsi_sp_win.ko hbas="$hbas pvscsi:1:1G"
else
	say "  the Windows-code build failed (build/logs/bench-win.build.log): no _win rows"
fi
echo "$settings; run_bench" > "$BUILD/logs/bench.body"
step "one VM: pvscsi HBAs for vmw_pvscsi, pvscsi_sp (callback pair, then plain) and pvscsi_sp_win (about 20 minutes)"
VM_MODULES=$win_ko vm_run bench deb612 3600 "$hbas" "$BUILD/logs/bench.body" |
	sed -u -n 's/^@@ /  /p'
echo "run_bench_irq" > "$BUILD/logs/bench-irq.body"
step "hard-IRQ time per interrupt: one CPU, one HBA, pvscsi_sp in both modes, MSI and INTx"
vm_run bench-irq deb612 900 "pvscsi:1:1G" "$BUILD/logs/bench-irq.body" -c 1 |
	sed -u -n 's/^@@ /  /p'
echo "$settings; run_bench_soft" > "$BUILD/logs/bench-soft.body"
for c in 1 2; do
	step "software path, $c guest CPU(s): sp_ramdisk vs scsi_debug"
	vm_run "bench-soft$c" deb612 1500 "" "$BUILD/logs/bench-soft.body" -c "$c" |
		sed -u -n 's/^@@ /  /p'
done
# A miniport we did not write: nvme2k against Linux's nvme, two identical
# emulated NVMe controllers in one VM.
logs="$BUILD/logs/bench.log $BUILD/logs/bench-irq.log $BUILD/logs/bench-soft1.log $BUILD/logs/bench-soft2.log"
if [ -d "$FOREIGN/nvme2k" ]; then
	step "nvme2k (make miniport, unchanged) vs Linux's nvme, two NVMe controllers"
	foreign_profile nvme2k
	if foreign_build nvme2k deb612; then
		echo "$settings; run_bench_nvme nvme2k" > "$BUILD/logs/bench-nvme.body"
		VM_MODULES=$FN_KO vm_run bench-nvme deb612 1500 "nvme:1:1G nvme:1:1G" \
			"$BUILD/logs/bench-nvme.body" | sed -u -n 's/^@@ /  /p'
		logs="$logs $BUILD/logs/bench-nvme.log"
	else
		say "  nvme2k did not build (${FN_LOG#"$ROOT"/}): no nvme rows"
	fi
else
	say "  no $FOREIGN/nvme2k: no nvme rows"
fi
# shellcheck disable=SC2086
cat $logs |
	tr -d '\r' | grep -a '^@@BENCH \|^@@IRQ \|^@@REGS ' > "$out/raw.txt"
[ -s "$out/raw.txt" ] || die "no results (build/logs/bench.log)"
python3 "$ROOT/tools/bench_report.py" "$out/raw.txt" "$out"
