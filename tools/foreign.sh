# shellcheck shell=bash
# The foreign suite's host side (sourced by tools/test.sh and tools/bench.sh
# after tools/lib.sh): miniports we did not write, in ../shared/foreign,
# built unchanged with make miniport (tools/miniport.sh) and run in QEMU by
# tools/guest/t_foreign.sh as their profile (tools/foreign/NAME.conf) says.

FOREIGN=${SCSIPORT_FOREIGN:-$ROOT/../shared/foreign}

# The miniport folders there (not its README).
foreign_names() {
	local d
	[ -d "$FOREIGN" ] || return 0
	for d in "$FOREIGN"/*/; do
		[ -d "$d" ] && basename "$d"
	done
}

# foreign_profile NAME: FN_* settings from tools/foreign/NAME.conf (or none)
foreign_profile() {
	FN_NAME=$1 FN_SRC= FN_CLASS= FN_PCI= FN_HBA= FN_DISKS=1 FN_SIZE_MB=256
	FN_SMART=0 FN_BUSY=0 FN_DBG_DEFINES= FN_DBG_TEXT= FN_PROFILE= FN_DRIVE_OPTS=
	FN_DRIVE_OPTS_TEST=
	if [ -f "$ROOT/tools/foreign/$1.conf" ]; then
		FN_PROFILE=$ROOT/tools/foreign/$1.conf
		# shellcheck disable=SC1090
		. "$FN_PROFILE"
	fi
	FN_SRC=${FN_SRC:-$FOREIGN/$1}
}

# foreign_build NAME KERNEL [dbg|mingw]: make miniport for it; FN_KO is the
# module (FN_MOD its name), FN_WARN the warning count; the log is FN_LOG.
# dbg: the printing build; mingw: built as Windows code against mingw-w64's
# DDK headers (ABI=windows HEADERS=mingw), module NAME_win.
foreign_build() {
	local name=$1 k=$2 mod=$1 defs= abi= headers=
	case ${3:-} in
	dbg) mod=${name}_dbg defs=$FN_DBG_DEFINES ;;
	mingw) mod=${name}_win abi=windows headers=mingw ;;
	esac
	FN_LOG=$BUILD/logs/foreign-$mod-$k.build.log
	mkdir -p "$BUILD/logs"
	(
		. "$ROOT/tools/miniport.sh"
		SRC=$FN_SRC NAME=$mod PCI=$FN_PCI CLASS=$FN_CLASS DEFINES=$defs \
			INCLUDES= KERNEL=$k OUT=$BUILD/mp/$k/$mod ABI=$abi HEADERS=$headers mp_main
		echo "FN_WARN=$MP_WARN"
	) > "$FN_LOG" 2>&1
	local rc=$?
	FN_KO=$BUILD/mp/$k/$mod/$mod/$mod.ko
	FN_WARN=$(sed -n 's/^FN_WARN=//p' "$FN_LOG")
	[ "${3:-}" = dbg ] || FN_MOD=$mod
	return $rc
}

# foreign_hbas KERNEL: the HBA spec (tools/qemu/run.sh -H) of the profile
# loaded; FN_DRIVE_OPTS_TEST replaces FN_DRIVE_OPTS on the debug kernel
foreign_hbas() {
	local d=$FN_DRIVE_OPTS
	[ "$1" != test ] || d=${FN_DRIVE_OPTS_TEST:-$d}
	echo "$FN_HBA:$FN_DISKS:${FN_SIZE_MB}M::$d"
}

# foreign_body [dbg]: the guest script body for the profile loaded; with
# dbg, the printing build (foreign_build NAME KERNEL dbg) is in the guest
foreign_body() {
	local dbgmod=
	[ "${1:-}" = dbg ] && dbgmod=${FN_DBG_DEFINES:+${FN_NAME}_dbg}
	cat <<EOF
FN_NAME=$FN_NAME FN_MOD=$FN_MOD FN_DISKS=$FN_DISKS FN_SIZE_MB=$FN_SIZE_MB
FN_SMART=$FN_SMART FN_BUSY=$FN_BUSY FN_MIXED=${FN_MIXED:-0}
FN_DBG_MOD=$dbgmod
FN_DBG_TEXT="$FN_DBG_TEXT"
foreign_all_tests
EOF
}

# foreign_expect [dbg]: the tests foreign_all_tests (tools/guest/t_foreign.sh)
# reports for the profile loaded, one a line
foreign_expect() {
	local w
	[ "${1:-}" != dbg ] || [ -z "$FN_DBG_DEFINES" ] || echo "foreign-$FN_NAME-debug-print"
	for w in load ext4 fio-qd1 fio-qd16 fio-qd64 fio-mixed; do echo "foreign-$FN_NAME-$w"; done
	[ "$FN_SMART" != 1 ] || echo "foreign-$FN_NAME-smart"
	echo "foreign-$FN_NAME-unload"
	[ "$FN_BUSY" != 1 ] || echo "foreign-$FN_NAME-busy-qd128"
	for w in load-unload-10 autoload self-scan; do echo "foreign-$FN_NAME-$w"; done
	[ "${FN_MIXED:-0}" != 1 ] || echo "foreign-$FN_NAME-mixed-abi"
}
