#!/usr/bin/env bash
# make test: build everything for Debian's 6.1 and 6.12 kernels and our
# debug test kernel, check style, run the KUnit suites and the integration
# tests in QEMU, and end with "N passed, N failed".
#
# TEST_MODE=check (make check), the developer's loop: the W=1 builds,
# sparse, checkpatch, the log scan and harness self-tests, the KUnit VM and
# the deb612 integration VM (int-deb612); no header ABI check, foreign
# suite, make miniport checks, DKMS, HBA check or other VM.
#
# TEST_MODE=win (make test-win): the same builds and checks, then the
# Windows-code builds (SP_ABI=windows) of the RAM disk and pvscsi miniports
# and of the shim's tree, and their full guest suites - the rd and int VMs'
# bodies, every test name prefixed win- - on deb612 and the debug kernel.
# make test runs a subset of those (plan_win), on deb612 only, to stay
# within its time.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/tools/vm.sh"
. "$ROOT/tools/foreign.sh"
. "$ROOT/tools/collect.sh"

mkdir -p "$BUILD"
: > "$RESULTS"
timed() { local t=$(now); "$@"; local rc=$?; echo "  ($(( $(now) - t )) s)"; return $rc; }

KERNELS=${KERNELS:-"deb612 deb61 test"}
has_kernel() { case " $KERNELS " in *" $1 "*) return 0 ;; esac; return 1; }
# Debian's PREEMPT_RT 6.12 kernel: built like the others, then a short set
# (RT_KERNEL= skips it).
RT_KERNEL=${RT_KERNEL-deb612rt}
TEST_MODE=${TEST_MODE:-test}
case $TEST_MODE in test | check | win) ;; *) die "TEST_MODE is test, check or win, not $TEST_MODE" ;; esac
full() { [ "$TEST_MODE" = test ]; }
winfull() { [ "$TEST_MODE" = win ]; }
T0=$(now)

step "dependencies (apt, Debian kernels)"
timed ensure_deps || die "dependency installation failed"
step "test kernel (cached in $CACHE/testkernel)"
timed ensure_testkernel || die "test kernel build failed"

# The kernel log scan (tools/vm.sh log_problems) on a log with a miniport's
# text that only looks like a report, and with real reports.
step "kernel log scan"
cat > "$BUILD/logscan.log" <<'LOG'
[    3.101000] miniport[0]: nvme2k: NvmeSanitizeController - WARNING: Controller is READY (option ROM left it enabled!)
@@ a guest test saying WARNING: nothing
[    3.200000] sd 0:0:0:0: [sda] Write Protect is off
[    4.000000] WARNING: CPU: 0 PID: 1 at drivers/x.c:1 f+0x0/0x10
@@ progress[    5.000000] BUG: KASAN: use-after-free in g+0x1/0x2
unreferenced object 0xffff888003a1c000 (size 64):
[    6.000000] nvme2k: BUG: in its own words, not the kernel's
LOG
got=$(log_problems "$BUILD/logscan.log" | wc -l)
if [ "$got" = 3 ]; then pass log-scan; else log_problems "$BUILD/logscan.log"; fail log-scan "$got report lines, 3 expected"; fi

# The harness itself: the collector on made-up results, run.sh's timeout
# with a fake QEMU (tools/selftest.sh; no kernel booted).
step "harness self-test"
"$ROOT/tools/selftest.sh" > "$BUILD/selftest.log" 2>&1
st=$?
while IFS= read -r l; do
	case $l in
	"PASS "*) pass "${l#PASS }" ;;
	"FAIL "*) l=${l#FAIL }; fail "${l%%: *}" "${l#*: }" ;;
	*) echo "  $l" ;;
	esac
done < "$BUILD/selftest.log"
[ "$st" -eq 0 ] || grep -q '^FAIL ' "$BUILD/selftest.log" || fail selftest "exit $st, see build/selftest.log"

# The reference tables of Documentation/ against the source
# (tools/doccheck.py: counters, module parameters, notifications, KUnit cases).
step "documentation tables vs source"
while IFS= read -r l; do
	case $l in
	"ok "*) pass "docs-${l#ok }" ;;
	"drift "*) l=${l#drift }; fail "docs-${l%%: *}" "${l#*: }" ;;
	*) echo "  $l" ;;
	esac
done < <(python3 "$ROOT/tools/doccheck.py" "$ROOT" 2>&1)
# the generated Windows surface (sp_winabi.[ch]) against srb.h
if l=$(python3 "$ROOT/tools/gen_winabi.py" --check 2>&1); then pass docs-winabi; else fail docs-winabi "$l"; fi

if full; then
	step "header ABI check (userspace)"
	if make -s -C "$ROOT/shim/include/test" check BUILD="$BUILD/abi" > "$BUILD/abi.log" 2>&1; then
		pass headers-abi
	else
		tail -n 20 "$BUILD/abi.log"; fail headers-abi "see build/abi.log"
	fi
fi

for k in $KERNELS $RT_KERNEL; do
	step "modules for $k (W=1)"
	t=$(now)
	if build_modules "$k"; then
		w=$(grep -c 'warning:' "$BUILD/$k/build.log")
		if [ "$w" -eq 0 ]; then pass "build-w1[$k]"; else grep 'warning:' "$BUILD/$k/build.log" | head; fail "build-w1[$k]" "$w warnings"; fi
	else
		grep -E 'error|warning' "$BUILD/$k/build.log" | head -n 20
		fail "build-w1[$k]" "build failed, see build/$k/build.log"
	fi
	echo "  ($(( $(now) - t )) s)"
done

# Our miniports built as Windows code (SP_ABI=windows: clang, LLP64, the
# Microsoft x64 convention), in build/<kernel>-win; run by plan_win below.
WIN_KERNELS=
# win_checks KERNEL: pvscsi's Windows object reports the stack use of its
# entry points (winabi-stack.py: nonzero, under the warning limit), and has
# an endbr64 at each entry point where the kernel has IBT.
win_checks() {
	local o=$BUILD/$1-win/src/miniport/pvscsi/sp_winobj.o e n bad= ibt=
	for e in DriverEntry PvscsiHwStartIo PvscsiHwInterrupt PvscsiHwFindAdapter; do
		n=$(awk -v e="$e" '$1 == e { print $2 }' "$o.stack" 2>/dev/null)
		[ "${n:-0}" -gt 0 ] && [ "$n" -le 8192 ] || bad="$bad $e=${n:-none}"
	done
	if [ -z "$bad" ]; then pass "win-stack[$1]"; echo "  $(awk '$1 ~ /^(DriverEntry|PvscsiHw)/ { printf "%s %s, ", $1, $2 }' "$o.stack")"
	else fail "win-stack[$1]" "no stack figure, or over 8192 bytes:$bad (see $o.stack)"; fi
	win_twins "$1"
	kernel_info "$1"
	grep -q '^CONFIG_X86_KERNEL_IBT=y' "$K_KDIR/.config" || return 0
	# one disassembly, read whole (no pipe cut short: pipefail)
	objdump -d --no-show-raw-insn "$o" > "$o.dis" 2>&1
	for e in DriverEntry PvscsiHwStartIo PvscsiHwInterrupt; do
		awk -v e="<$e>:" '$2 == e { getline; print }' "$o.dis" | grep -q endbr64 || ibt="$ibt $e"
	done
	if [ -z "$ibt" ]; then pass "win-ibt[$1]"; else fail "win-ibt[$1]" "no endbr64 at:$ibt"; fi
}
# win_twins KERNEL: the Windows entries of the request path's routines
# (gen_winabi.py --twins) have their kernel twin's body, no call to it;
# a thunk (ScsiPortConvertUlongToPhysicalAddress) calls its routine, which
# shows the check sees calls.
win_twins() {
	local ko=$BUILD/$1-win/src/shim/scsiport.ko calls bad= r
	calls=$(objdump -dr --no-show-raw-insn "$ko" | awk '
		/^[0-9a-f]+ <spw_[A-Za-z0-9_]+>:$/ { f = $2; gsub(/[<>:]/, "", f); next }
		/^$/ { f = "" }
		f != "" && /R_X86_64_(PLT|PC)32/ { s = $NF; sub(/[-+].*/, "", s); if ("spw_" s == f) print s }' | sort -u)
	for r in $(python3 "$ROOT/tools/gen_winabi.py" --twins); do
		grep -qx "$r" <<< "$calls" && bad="$bad $r"
	done
	grep -qx ScsiPortConvertUlongToPhysicalAddress <<< "$calls" || bad="$bad (no call seen in the thunk spw_ScsiPortConvertUlongToPhysicalAddress)"
	if [ -z "$bad" ]; then pass "win-twins[$1]"
	else fail "win-twins[$1]" "spw_ entries that call their kernel routine:$bad"; fi
}
# win_mingw_pvscsi KERNEL: our pvscsi miniport as Windows code against
# mingw-w64's DDK headers (make miniport ... ABI=windows HEADERS=mingw,
# module pvscsi_mw: make miniport refuses our own module names); plan_win
# runs it after the one built against ours.  WIN_MW_KO[KERNEL] is its .ko.
declare -A WIN_MW_KO
win_mingw_pvscsi() {
	local log=$BUILD/logs/pvscsi-mingw-$1.build.log
	mkdir -p "$BUILD/logs"
	if (
		. "$ROOT/tools/miniport.sh"
		mp_pvscsi_windows "$1" pvscsi_mw mingw
	) > "$log" 2>&1; then
		pass "build-win-mingw-pvscsi[$1]"
		WIN_MW_KO[$1]=$BUILD/mp/$1/pvscsi_mw/pvscsi_mw/pvscsi_mw.ko
	else
		tail -n 5 "$log"
		fail "build-win-mingw-pvscsi[$1]" "see ${log#"$ROOT"/}"
	fi
}
if full || winfull; then
	for k in deb612 test; do
		has_kernel "$k" || continue
		step "Windows-ABI modules for $k (SP_ABI=windows, W=1)"
		if BM_TAG=$k-win build_modules "$k" SP_ABI=windows; then
			w=$(grep -c 'warning:' "$BUILD/$k-win/build.log")
			if [ "$w" -eq 0 ]; then pass "build-win[$k]"; WIN_KERNELS="$WIN_KERNELS $k"
			else grep 'warning:' "$BUILD/$k-win/build.log" | head; fail "build-win[$k]" "$w warnings"; fi
			win_checks "$k"
			win_mingw_pvscsi "$k"
		else
			grep -E 'error|warning' "$BUILD/$k-win/build.log" | head -n 20
			fail "build-win[$k]" "build failed, see build/$k-win/build.log"
		fi
	done
fi

FOREIGN_RUNS=()
declare -A FOREIGN_SUM
if full; then
	# The foreign suite: every folder of ../shared/foreign, built unchanged for
	# each kernel; run in QEMU below when tools/foreign has its profile.
	step "foreign miniports (make miniport from ${FOREIGN#"$ROOT"/})"
	if [ ! -d "$FOREIGN" ]; then
		say "  foreign suite: not run ($FOREIGN is absent)"
	else
		for name in $(foreign_names); do
			# what it is before make miniport reads it (checked afterwards)
			FOREIGN_SUM[$name]=$(cd "$FOREIGN/$name" && find . -type f -printf '%p %s %T@\n' | sort | md5sum)
			foreign_profile "$name"
			for k in $KERNELS; do
				t=$(now)
				if ! foreign_build "$name" "$k"; then
					tail -n 5 "$FN_LOG"
					fail "foreign-$name-build[$k]" "see ${FN_LOG#"$ROOT"/}"
					continue
				fi
				pass "foreign-$name-build[$k]"
				echo "  ($FN_WARN warnings of its own under W=1, $(( $(now) - t )) s)"
				mods=$FN_KO dbg=
				# the printing build on one kernel is enough
				if [ -n "$FN_DBG_DEFINES" ] && [ "$k" = deb612 ]; then
					if foreign_build "$name" "$k" dbg; then mods="$mods $FN_KO" dbg=dbg
					else fail "foreign-$name-build-debug[$k]" "see ${FN_LOG#"$ROOT"/}"; fi
				fi
				if [ -z "$FN_PROFILE" ]; then
					say "  foreign-$name: no tools/foreign/$name.conf, so built only"
					continue
				fi
				foreign_body $dbg > "$BUILD/logs/foreign-$name-$k.text"
				foreign_expect $dbg > "$BUILD/logs/foreign-$name-$k.want"
				FOREIGN_RUNS+=("$name|$k|$mods|$(foreign_hbas "$k")")
				# and as Windows code against mingw-w64's headers, on
				# Debian's 6.12 and the debug kernel: the suite again as
				# NAME-win (module NAME_win)
				case $k in deb612 | test) ;; *) continue ;; esac
				t=$(now)
				if ! foreign_build "$name" "$k" mingw; then
					tail -n 5 "$FN_LOG"
					fail "foreign-$name-build-mingw[$k]" "see ${FN_LOG#"$ROOT"/}"
					FN_MOD=$name
					continue
				fi
				pass "foreign-$name-build-mingw[$k]"
				echo "  (ABI=windows HEADERS=mingw, $(( $(now) - t )) s)"
				# with the kernel-code RAM disk alongside (mixed-abi).  No
				# busy-qd128 on the debug kernel: it needs all 128 in flight
				# at once (63 + 64 fill the miniport), which that kernel
				# reached in one of two runs here; the kernel-code run
				# there and this one on deb612 keep it.
				mods=$FN_KO FN_NAME=$name-win FN_MIXED=1 busy=$FN_BUSY
				[ "$k" != test ] || FN_BUSY=0
				foreign_body > "$BUILD/logs/foreign-$name-win-$k.text"
				foreign_expect > "$BUILD/logs/foreign-$name-win-$k.want"
				FOREIGN_RUNS+=("$name-win|$k|$mods|$(foreign_hbas "$k")")
				FN_NAME=$name FN_MOD=$name FN_MIXED=0 FN_BUSY=$busy
			done
		done
	fi
fi

if full; then
	# make miniport itself: what it refuses, with a clear error, and sources
	# from two folders; and the foreign trees are as they were (never written).
	step "make miniport: errors, two folders, untouched sources"
	mpt=$BUILD/mp-test
	rm -rf "$mpt"
	mkdir -p "$mpt/empty" "$mpt/sources" "$mpt/a" "$mpt/b"
	printf 'TARGETNAME=x\nSOURCES=..\\missing.c \\\n\tx.rc\n' > "$mpt/sources/sources"
	mp_expect() { # WHAT MESSAGE SETTINGS...: tools/miniport.sh must fail saying MESSAGE
		local what=$1 msg=$2 out
		shift 2
		if out=$(env "$@" KERNEL=deb612 "$ROOT/tools/miniport.sh" 2>&1); then
			echo "  $what: accepted"; return 1
		fi
		echo "$out" | grep -q "$msg" || { echo "  $what: said \"$out\", not \"$msg\""; return 1; }
		echo "  $what: $(echo "$out" | tail -n 1)"
	}
	ok=1
	mp_expect "missing folder" "does not exist" SRC="$mpt/nothing" || ok=0
	mp_expect "no sources" "has no .c file" SRC="$mpt/empty" || ok=0
	mp_expect "sources file, missing source" "unknown source" SRC="$mpt/sources" || ok=0
	mp_expect "a kernel module's name" "name collision: kernel" SRC="$ROOT/miniport/ramdisk" NAME=nvme || ok=0
	mp_expect "a module of ours" "name collision: .* module of this project" SRC="$ROOT/miniport/ramdisk" NAME=scsiport || ok=0
	mp_expect "bad class" "CLASS=" SRC="$ROOT/miniport/ramdisk" NAME=rd_x CLASS=01zz || ok=0
	if [ $ok = 1 ]; then pass make-miniport-errors; else fail make-miniport-errors "see above"; fi
	# our RAM-disk miniport split over two folders: one .c and the headers in a,
	# the other .c in b (it finds a's headers like a vendor's shared folder)
	cp "$ROOT"/miniport/ramdisk/ramdisk.c "$ROOT"/miniport/ramdisk/*.h "$mpt/a/"
	cp "$ROOT"/miniport/ramdisk/ramdisk_scsi.c "$mpt/b/"
	if (. "$ROOT/tools/miniport.sh"; SRC="$mpt/a $mpt/b" NAME=sp_rd_split KERNEL=deb612 OUT=$mpt/out mp_main) > "$BUILD/logs/mp-split.log" 2>&1 &&
	   grep -q 'src/0/ramdisk.o' "$mpt/out/build.log" && grep -q 'src/1/ramdisk_scsi.o' "$mpt/out/build.log" &&
	   [ -f "$mpt/out/sp_rd_split/sp_rd_split.ko" ]; then
		pass make-miniport-two-folders
	else
		tail -n 5 "$BUILD/logs/mp-split.log"; fail make-miniport-two-folders "see build/logs/mp-split.log"
	fi
	for name in $(foreign_names); do
		sum=$(cd "$FOREIGN/$name" && find . -type f -printf '%p %s %T@\n' | sort | md5sum)
		if [ "$sum" = "${FOREIGN_SUM[$name]:-}" ]; then pass "foreign-$name-untouched"
		else fail "foreign-$name-untouched" "its files changed while make miniport built it"; fi
	done
fi

if full; then
	# DKMS: the scsiport package and a make miniport tree (the foreign one,
	# else our RAM disk miniport's source built the same way), for two kernels
	step "DKMS (dkms add + build in build/dkms)"
	dkms_mp=$BUILD/mp/deb612/$(foreign_names | head -n 1)
	if [ ! -f "$dkms_mp/dkms.conf" ]; then
		dkms_mp=$BUILD/mp/deb612/sp_ramdisk_mp
		(. "$ROOT/tools/miniport.sh"; SRC=$ROOT/miniport/ramdisk NAME=sp_ramdisk_mp KERNEL=deb612 OUT=$dkms_mp mp_main) > "$BUILD/logs/dkms-mp.log" 2>&1
	fi
	if timed "$ROOT/tools/dkms.sh" check "$dkms_mp" deb612 deb61 > "$BUILD/logs/dkms.log" 2>&1; then
		sed 's/^/  /' "$BUILD/logs/dkms.log"
		pass dkms-build
	else
		tail -n 20 "$BUILD/logs/dkms.log"
		fail dkms-build "see build/logs/dkms.log"
	fi
fi

step "sparse (C=2) on the shim"
if build_modules deb612 C=2 CHECK="sparse -Wno-decl" && cp "$BUILD/deb612/build.log" "$BUILD/sparse.log"; then
	s=$(grep -E '^[^ ]*shim/[^ ]*: (warning|error):' "$BUILD/sparse.log" | grep -v '/include/' || true)
	if [ -z "$s" ]; then pass sparse; else echo "$s" | head; fail sparse "$(echo "$s" | wc -l) reports"; fi
else
	fail sparse "build failed"
fi

step "checkpatch --strict on shim/ and kunit/"
CP=$TEST_KDIR/source/scripts/checkpatch.pl
if (cd "$ROOT" && perl "$CP" -q -f shim/*.c shim/*.h kunit/*.c kunit/*.h > "$BUILD/checkpatch.log" 2>&1); then
	pass checkpatch
else
	grep -E '^(ERROR|WARNING|CHECK)' "$BUILD/checkpatch.log" | head
	fail checkpatch "$(grep -cE '^(ERROR|WARNING|CHECK)' "$BUILD/checkpatch.log") reports, see build/checkpatch.log"
fi

if full; then
	# Every HBA make run takes: QEMU accepts it with its disks (tools/qemu/run.sh -n).
	step "make run HBAs (QEMU accepts each, with its disks)"
	ok=1
	for h in pvscsi nvme virtio-blk-pci virtio-scsi-pci lsi53c895a megasas mptsas1068; do
		"$ROOT/tools/qemu/run.sh" -n -H "$h:2:16M" > /dev/null 2>&1 || { echo "  $h: refused"; ok=0; }
	done
	"$ROOT/tools/qemu/run.sh" -n -H "nosuchhba:1" > /dev/null 2>&1 && { echo "  an unknown HBA was accepted"; ok=0; }
	if [ $ok = 1 ]; then pass make-run-hbas; else fail make-run-hbas "see above"; fi
fi

# VM runs go two at a time: under TCG a guest often just waits (timeouts,
# error handling), so two of them share the two host CPUs well.
VM_JOBS=${VM_JOBS:-2}
VMS=()

# VM_EXPECT="NAME..." vm_plan ID KERNEL TIMEOUT HBAS BODY-TEXT [run.sh args]:
# start a VM run in the background.  VM_EXPECT names every test the body
# reports (without [KERNEL]); vm_collect fails the ones that do not report
# and any other that does.
vm_plan() {
	local id=$1 k=$2 timeout=$3 hbas=$4 text=$5
	shift 5
	local body=$BUILD/logs/$id.body
	printf '%s\n' "$text" > "$body"
	# shellcheck disable=SC2086
	printf '%s\n' ${VM_EXPECT:?vm_plan $id: no VM_EXPECT} > "$BUILD/logs/$id.expect"
	while [ "$(jobs -rp | wc -l)" -ge "$VM_JOBS" ]; do sleep 1; done
	(
		t=$(now)
		vm_run_watched "$id" "$k" "$timeout" "$hbas" "$body" "$@"
		rc=$?
		# A guest that died before its init printed @@BOOT ran none of our
		# code (no module loaded): boot it once more, keeping the first log.
		# Seen once: Debian's 6.12 oopsed on an int3 in sched_clock_cpu()
		# while patching its own code at 2 s, under TCG.
		if ! grep -aq '^@@BOOT ' "$BUILD/logs/$id.log"; then
			cp "$BUILD/logs/$id.log" "$BUILD/logs/$id.noboot.log"
			echo "@@ note: the guest did not reach @@BOOT (log kept as $id.noboot.log); booted again" \
				> "$BUILD/logs/$id.retry"
			vm_run_watched "$id" "$k" "$timeout" "$hbas" "$body" "$@"
			rc=$?
		elif [ "$rc" = 200 ]; then
			cp "$BUILD/logs/$id.log" "$BUILD/logs/$id.lost-timer.log"
			echo "@@ note: a guest CPU lost its timer while idle (TCG; log kept as $id.lost-timer.log); run again" \
				> "$BUILD/logs/$id.retry"
			vm_run_watched "$id" "$k" "$timeout" "$hbas" "$body" "$@"
			rc=$?
		fi
		echo "$rc $(( $(now) - t ))" > "$BUILD/logs/$id.rc"
	) &
	VMS+=("$id:$k")
}

# vm_run_watched: vm_run (output to ID.out), stopped as soon as a guest CPU
# lost its timer (tcg_lost_timer): status 200 then, the run is repeated.
vm_run_watched() {
	local id=$1 pid
	: > "$BUILD/logs/$id.log"	# not the log of a run before this one
	: > "$BUILD/logs/$id.results"
	vm_run "$@" > "$BUILD/logs/$id.out" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if [ -f "$BUILD/logs/$id.log" ] && tcg_lost_timer "$BUILD/logs/$id.log"; then
			pkill -f "payload/$id.initrd" 2>/dev/null
			wait "$pid" 2>/dev/null
			return 200
		fi
		sleep 5
	done
	wait "$pid"
}

BASE_TESTS='load_scsi_stack
t_run shim-load-unload test_shim_load_unload
t_run native-pvscsi-fio-verify test_native_pvscsi_fio'
# The tests each body reports (VM_EXPECT): BASE_TESTS, pvscsi_all_tests
# (tools/guest/t_pvscsi.sh) and ramdisk_all_tests (t_ramdisk.sh).  A test
# added there and not here fails as unexpected, one dropped as missing.
BASE_EXPECT='shim-load-unload native-pvscsi-fio-verify'
PVSCSI_EXPECT='pvscsi-scan pvscsi-fio-verify pvscsi-modes pvscsi-short-transfer
pvscsi-ext4 pvscsi-intx pvscsi-rmmod-busy pvscsi-reload-cycles
pvscsi-legacy-scan pvscsi-hot-remove pvscsi-suspend'
RAMDISK_EXPECT='ramdisk-basic ramdisk-delay-pair ramdisk-softirq-inline
ramdisk-bad-params ramdisk-ioctl-fuzz ramdisk-rmmod-busy ramdisk-unload-cycles
ramdisk-busy ramdisk-check ramdisk-check-ua ramdisk-short ramdisk-double
ramdisk-bogus ramdisk-reset ramdisk-drop ramdisk-abort-fails
ramdisk-reset-fails ramdisk-skip-next ramdisk-forget-disable
ramdisk-faults-pair'

mkdir -p "$BUILD/logs"
rm -f "$BUILD"/logs/*.rc "$BUILD"/logs/*.retry "$BUILD"/logs/*.noboot.log \
	"$BUILD"/logs/*.lost-timer.log "$BUILD"/logs/*.results "$BUILD"/logs/*.expect
for k in $KERNELS $RT_KERNEL; do initramfs_parts "$k"; done
step "QEMU runs ($VM_JOBS at a time; guest logs in build/logs/)"
# Longest first (the debug kernel's), so the two slots end together.
# plan_rd / plan_int KERNEL [PREFIX]: PREFIX (make test-win: win-) goes in
# front of the VM id and of every test's name (T_PREFIX in the guest).
prefixed() { for _n in $2; do echo "$1$_n"; done; }
plan_rd() {
	VM_EXPECT=$(prefixed "${2:-}" "$RAMDISK_EXPECT") vm_plan "${2:-}rd-$1" "$1" 2400 "" "T_PREFIX=${2:-}
ramdisk_all_tests"
}
plan_int() {
	VM_EXPECT=$(prefixed "${2:-}" "$BASE_EXPECT $PVSCSI_EXPECT") vm_plan "${2:-}int-$1" "$1" 1500 \
		"pvscsi:2:128M" "T_PREFIX=${2:-}
$BASE_TESTS
pvscsi_all_tests"
}
# error handling: a throttled disk makes commands time out
plan_eh() {
	truncate -s 64M "$BUILD/logs/eh-$1.img"
	VM_EXPECT=pvscsi-eh vm_plan "eh-$1" "$1" 900 "pvscsi:2:64M" 'load_scsi_stack
insmod $MODDIR/scsiport.ko
t_run pvscsi-eh test_pvscsi_eh' \
		-q "-drive file=$BUILD/logs/eh-$1.img,if=none,id=slow,format=raw,throttling.iops-total=2 -device scsi-hd,drive=slow,bus=hba0.0,scsi-id=5"
}
# pvscsi and an e1000 on one INTx line: -M pc routes slots 3 and 7 together.
# acpi=noirq: the routing comes from the BIOS's PIRQ table, not from ACPI's
# _PRT, whose AML loop ran past ACPICA's 30 s limit on the debug kernel
# under TCG on a loaded host (then e1000 had no interrupt at all).  The test
# checks that the two still share one line.
plan_shared() {
	VM_EXPECT=pvscsi-shared-intx vm_plan "shared-intx-$1" "$1" 900 "pvscsi:2:128M:addr=3" 'load_scsi_stack
insmod $MODDIR/scsiport.ko
t_run pvscsi-shared-intx test_pvscsi_shared_intx' \
		-M pc -a "acpi=noirq${SHARED_APPEND:+ $SHARED_APPEND}" \
		-q "-vga none -netdev user,id=n0 -device e1000,netdev=n0,addr=7"
}
# PREEMPT_RT: every interrupt handler is a thread there and spinlock_t
# sleeps.  Three faults on the RAM disk miniport, then pvscsi in both
# interrupt modes (MSI-X, then INTx) with fio verify; and the shared line.
plan_rt() {
	VM_EXPECT="ramdisk-basic ramdisk-busy ramdisk-reset ramdisk-drop pvscsi-fio-verify
pvscsi-modes pvscsi-intx" vm_plan "rt-$1" "$1" 600 "pvscsi:2:128M" 'load_scsi_stack
insmod $MODDIR/scsiport.ko
t_run ramdisk-basic test_ramdisk_basic
for f in busy reset drop; do t_run "ramdisk-$f" "test_ramdisk_$f"; done
t_run pvscsi-fio-verify test_pvscsi_fio_verify
t_run pvscsi-modes test_pvscsi_modes
t_run pvscsi-intx test_pvscsi_intx'
	plan_shared "$1"
}
# plan_foreign KERNEL: the foreign runs planned for that kernel
plan_foreign() {
	local r name k mods hbas
	for r in "${FOREIGN_RUNS[@]}"; do
		IFS='|' read -r name k mods hbas <<< "$r"
		[ "$k" = "$1" ] || continue
		VM_MODULES=$mods VM_EXPECT=$(cat "$BUILD/logs/foreign-$name-$k.want") \
			vm_plan "foreign-$name-$k" "$k" 1500 "$hbas" \
			"$(cat "$BUILD/logs/foreign-$name-$k.text")"
	done
}
# plan_win KERNEL: the miniports built as Windows code (build/KERNEL-win)
# in place of the kernel-code ones: RAM disk faults and the callback pair,
# pvscsi with fio verify in both modes and INTx.
# Then pvscsi built against mingw-w64's headers (pvscsi_mw), when it built.
# win_mods KERNEL: the shim tree, RAM disk and pvscsi built as Windows code
win_mods() {
	local w=$BUILD/$1-win/src
	echo "$w/shim/scsiport.ko $w/miniport/ramdisk/sp_ramdisk.ko $w/miniport/pvscsi/pvscsi_sp.ko"
}
plan_win() {
	local mw=${WIN_MW_KO[$1]:-} mwexp= mwbody=
	if [ -n "$mw" ]; then
		mwexp=win-mingw-pvscsi-fio-verify
		mwbody='PV_MOD=pvscsi_mw
t_run win-mingw-pvscsi-fio-verify test_pvscsi_fio_verify
PV_MOD=pvscsi_sp'
	fi
	VM_MODULES="$(win_mods "$1") $mw" \
	VM_EXPECT="win-ramdisk-basic win-ramdisk-busy win-ramdisk-check win-ramdisk-reset
win-ramdisk-drop win-ramdisk-double win-ramdisk-faults-pair win-pvscsi-fio-verify
win-pvscsi-modes win-pvscsi-intx $mwexp" vm_plan "win-$1" "$1" 900 "pvscsi:2:128M" "load_scsi_stack
insmod \$MODDIR/scsiport.ko
t_run win-ramdisk-basic test_ramdisk_basic
for f in busy check reset drop double faults_pair; do t_run \"win-ramdisk-\$(echo \$f | tr _ -)\" \"test_ramdisk_\$f\"; done
t_run win-pvscsi-fio-verify test_pvscsi_fio_verify
t_run win-pvscsi-modes test_pvscsi_modes
t_run win-pvscsi-intx test_pvscsi_intx
$mwbody"
}
# plan_win_full KERNEL (make test-win): the rd and int VMs' full suites with
# the Windows-code modules in place of the kernel-code ones, named win-*.
plan_win_full() {
	VM_MODULES=$(win_mods "$1") plan_rd "$1" win-
	VM_MODULES=$(win_mods "$1") plan_int "$1" win-
}
# and its KUnit cases: kunit_collect checks them (kunit_expected)
plan_kunit() { VM_EXPECT=kunit-load vm_plan kunit test 1200 "pvscsi:0" 'run_kunit'; }
if winfull; then
	for k in test deb612; do
		case " $WIN_KERNELS " in *" $k "*) plan_win_full "$k" ;; esac
	done
elif ! full; then
	has_kernel test && plan_kunit
	has_kernel deb612 && plan_int deb612
else
	if has_kernel test; then
		plan_rd test
		plan_int test
		plan_kunit
		plan_foreign test
	fi
	has_kernel deb612 && plan_rd deb612
	for k in $KERNELS; do
		[ "$k" = test ] || plan_int "$k"
	done
	for k in test deb612; do
		has_kernel "$k" && plan_eh "$k"
	done
	# deb612's boots with threadirqs: forced threading without PREEMPT_RT
	for k in $KERNELS; do
		if [ "$k" = deb612 ]; then SHARED_APPEND=threadirqs plan_shared "$k"; else plan_shared "$k"; fi
	done
	for k in deb612 deb61; do
		has_kernel "$k" && plan_foreign "$k"
	done
	[ -z "$RT_KERNEL" ] || plan_rt "$RT_KERNEL"
	# the debug kernel's Windows-code run is make test-win's (its full
	# suites): with it make test no longer fitted its time here
	for k in $WIN_KERNELS; do [ "$k" = test ] || plan_win "$k"; done
fi
wait
for v in "${VMS[@]}"; do
	vm_collect "${v%%:*}" "${v#*:}"
	[ "${v%%:*}" = kunit ] && kunit_collect
done

echo
echo "make $TEST_MODE: $(( $(now) - T0 )) s; results in build/test-results.txt"
grep '^FAIL' "$RESULTS" | sed 's/^/  /'
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
