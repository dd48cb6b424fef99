# shellcheck shell=bash
# Running guest scripts in QEMU (sourced after tools/lib.sh).

# initramfs_parts KERNEL: build (when missing or stale) base + module cpios.
initramfs_parts() {
	local name=$1 dir=$BUILD/initramfs
	kernel_info "$name"
	mkdir -p "$dir"
	if [ ! -f "$dir/base.cpio" ] || [ "$ROOT/tools/initramfs/init" -nt "$dir/base.cpio" ] ||
	   [ "$ROOT/tools/initramfs/build.sh" -nt "$dir/base.cpio" ] ||
	   [ "$ROOT/tools/guest/spioctl.c" -nt "$dir/base.cpio" ] ||
	   [ "$ROOT/shim/include/ntdddisk.h" -nt "$dir/base.cpio" ] ||
	   [ "$ROOT/miniport/ramdisk/ramdisk_ioctl.h" -nt "$dir/base.cpio" ]; then
		"$ROOT/tools/initramfs/build.sh" base "$dir/base.cpio"
	fi
	if [ ! -f "$dir/kmods-$name.cpio" ] || [ "$ROOT/tools/initramfs/build.sh" -nt "$dir/kmods-$name.cpio" ] ||
	   [ "$K_MODROOT/lib/modules/$K_REL/modules.dep" -nt "$dir/kmods-$name.cpio" ]; then
		"$ROOT/tools/initramfs/build.sh" kmods "$K_REL" "$K_MODROOT" "$dir/kmods-$name.cpio"
	fi
}

# vm_run ID KERNEL TIMEOUT QEMU-HBA-SPECS SCRIPT-BODY-FILE [extra run.sh args]
# Boots KERNEL with our modules for it under /scsiport/modules and the guest
# library, runs the body, and leaves the serial log in build/logs/ID.log and
# what came on the results channel in build/logs/ID.results.  The guest's
# exit status is the body's (its last command's), whatever kmemleak says.
vm_run() {
	local id=$1 name=$2 timeout=$3 hbas=$4 body=$5
	shift 5
	local pl=$BUILD/payload/$id logdir=$BUILD/logs
	kernel_info "$name"
	initramfs_parts "$name"
	rm -rf "$pl"
	mkdir -p "$pl/modules" "$logdir"
	# VM_MODULES: more modules for the guest (make miniport builds)
	for ko in $(built_modules "$name") ${VM_MODULES:-}; do
		cp "$ko" "$pl/modules/"
	done
	cp "$ROOT"/tools/guest/*.sh "$pl/"
	{
		echo '#!/bin/sh'
		echo '. ./lib.sh'
		for f in "$ROOT"/tools/guest/t_*.sh; do echo ". ./${f##*/}"; done
		cat "$body"
		echo	# an empty line keeps $? (a body without its last newline)
		echo '_rc=$?'
		echo 'kmemleak_scan'
		echo 'exit $_rc'
	} > "$pl/guest.sh"
	"$ROOT/tools/initramfs/build.sh" payload "$pl" "$BUILD/payload/$id.cpio"
	# VM_EXTRA_CPIO: one more archive for the guest (tools/profile.sh: perf)
	cat "$BUILD/initramfs/base.cpio" "$BUILD/initramfs/kmods-$name.cpio" \
		${VM_EXTRA_CPIO:+"$VM_EXTRA_CPIO"} "$BUILD/payload/$id.cpio" > "$BUILD/payload/$id.initrd"
	local args=()
	local h
	for h in $hbas; do args+=(-H "$h"); done
	"$ROOT/tools/qemu/run.sh" -k "$K_IMAGE" -i "$BUILD/payload/$id.initrd" \
		-l "$logdir/$id.log" -r "$logdir/$id.results" -t "$timeout" "${args[@]}" "$@"
}

# Kernel reports that fail a run.  Lines matching tools/guest/allow/ID
# (one extended regex per line) are expected and ignored.
#
# A report is what the kernel itself prints, and it starts the line (after
# the console timestamp): "WARNING: CPU: 0 PID: ..", "BUG: KASAN: ..",
# "Call Trace:"...  Text a miniport prints - ScsiDebugPrint, "miniport[0]:
# nvme2k: ... WARNING: Controller is READY" - sits behind its prefix and
# never counts, whatever it says.  A kernel line that the serial console
# put behind other output still has its timestamp in front of the report.
# ScsiDebugPrint keeps a miniport's own line breaks from starting a line
# of its text at the left margin.
KERNEL_BAD_LINE='(WARNING: |BUG: |Oops|Kernel panic|general protection fault|KASAN: |UBSAN: |kmemleak: [0-9]+ new suspected|unreferenced object|DMA-API: .*(device driver|leak)|INFO: task .* blocked for more than|(watchdog: )?(BUG: soft lockup|Watchdog detected hard LOCKUP)|list_(add|del) corruption|ODEBUG: |Call Trace:|(rcu: )?INFO: rcu_[a-z]+ (detected|self-detected) stall)'
KERNEL_BAD="(^|\\[ *[0-9]+\\.[0-9]+\\] )$KERNEL_BAD_LINE"

# A QEMU TCG defect, not a kernel report about us: a single-step #DB nobody
# asked for (the kernel's WARN in exc_debug_kernel), with RFLAGS bits above
# bit 21 set in the saved frames - bits no x86 instruction can load, so the
# emulator's own flags state was bad.  See Documentation/testing.rst.  Such a report, from "cut here" to its
# "end trace", is left out of log_problems and noted by glitch_note.
TCG_GLITCH='at arch/x86/kernel/traps.c:[0-9]+ exc_debug_kernel'

# drop_glitches LOGFILE: the log without the TCG_GLITCH reports
drop_glitches() {
	awk -v pat="$TCG_GLITCH" '
	/------------\[ cut here \]------------/ { blk = $0 "\n"; inblk = 1; next }
	inblk {
		blk = blk $0 "\n"
		if ($0 ~ /---\[ end trace/) {
			if (blk !~ pat) printf "%s", blk
			inblk = 0; blk = ""
		}
		next
	}
	{ print }
	END { if (inblk) printf "%s", blk }' "$1"
}

# tcg_lost_timer LOGFILE: true when a guest CPU lost its timer interrupts
# while it idled - the kernel's RCU stall report says "timer wakeup didn't
# happen ... Possible timer handling issue on cpu=N" and the NMI backtrace
# of that CPU was skipped because it idles in the idle loop.  Nothing runs
# on that CPU, ours or not; seen once on our debug kernel under TCG, from
# before the first module was loaded (the PS/2 keyboard probe of the boot
# hung on the same dead timer).  See Documentation/testing.rst.
tcg_lost_timer() {
	local cpu
	cpu=$(tr -d '\r' < "$1" | sed -n 's/.*Possible timer handling issue on cpu=\([0-9]*\).*/\1/p' | head -n 1)
	[ -n "$cpu" ] && grep -aq "NMI backtrace for cpu $cpu skipped: idling" "$1"
}

# glitch_note LOGFILE: a note line if the log has TCG_GLITCH reports
glitch_note() {
	local n
	n=$(grep -acE "WARNING: .*$TCG_GLITCH" "$1" || true)
	[ "$n" -eq 0 ] ||
		echo "   note: $n emulator single-step #DB report(s) in ${1#"$ROOT"/}, QEMU TCG's (not counted, see testing.rst)"
}

# log_problems LOGFILE [ALLOWFILE]: print the kernel report lines of a log.
log_problems() {
	local log=$1 allow=${2:-}
	if [ -n "$allow" ] && [ -s "$allow" ]; then
		drop_glitches "$log" | grep -aE "$KERNEL_BAD" | grep -avEf "$allow" || true
	else
		drop_glitches "$log" | grep -aE "$KERNEL_BAD" || true
	fi
}
