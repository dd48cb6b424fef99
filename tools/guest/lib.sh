# Guest-side helpers, sourced by every guest script (busybox sh).
# A test reports "@@TEST PASS <name>" or "@@TEST FAIL <name> <why>" on the
# results channel, fd 3 (a virtio console that /init opened, not the kernel
# console); the host counts those lines and checks them against the list of
# tests it expects from this VM.

KVER=$(uname -r)
MODDIR=/scsiport/modules
LOG=/tmp/test.log

# t_result LINE: one line on the results channel, a copy on the console
t_result() {
	echo "$*" >&3
	echo "$*"
}
t_pass() { t_result "@@TEST PASS $1"; }
t_fail() { t_result "@@TEST FAIL $1 ${2:-}"; }
progress() { echo "@@ $*"; }

# t_run NAME CMD...: run CMD, PASS on exit 0; on failure show its last lines.
# The name lives in a variable no test uses: a test's own _name (rd_fault
# sets one) must not rename the result.  T_PREFIX (make test-win: win-)
# goes in front of every name.
t_run() {
	_t_run_name=${T_PREFIX:-}$1
	shift
	if "$@" >"$LOG" 2>&1; then
		t_pass "$_t_run_name"
	else
		_rc=$?
		tail -n 30 "$LOG"
		# the last line says why; the host's summary shows it
		t_fail "$_t_run_name" "exit $_rc: $(tail -n 1 "$LOG")"
	fi
	dev_sweep "$_t_run_name"
}

# Every fio here writes to block devices, never to files: a job that
# reopens its /dev/sdX after the disk went away (a time_based job starts a
# new loop by reopening its files) would otherwise create a regular file
# of that name in devtmpfs, write to RAM instead of a disk, and keep the
# node from being made when the disk comes back.
fio() {
	command fio --allow_file_create=0 "$@"
}

# dev_sweep TEST: a regular file where a disk's node belongs is left over
# from a test (see fio above); say so and remove it, so that the tests
# after it see the disks' own nodes.
# (DEV_DIR: the harness self-test's stand-in for /dev.)
dev_sweep() {
	for _ds in "${DEV_DIR:-/dev}"/sd*; do
		[ -f "$_ds" ] || continue
		progress "$1 left a regular file $_ds ($(wc -c < "$_ds") bytes); removed"
		rm -f "$_ds"
	done
}

# The distro's SCSI stack (modules on Debian kernels, built in on ours).
load_scsi_stack() {
	for m in scsi_mod sd_mod sg; do
		modprobe "$m" 2>/dev/null
	done
	return 0
}

# Wait until COUNT block devices sd* exist (or TIMEOUT seconds pass).
wait_disks() {
	_want=$1
	_t=${2:-30}
	while [ "$_t" -gt 0 ]; do
		_n=$(ls /sys/block 2>/dev/null | grep -c '^sd')
		[ "$_n" -ge "$_want" ] && return 0
		sleep 1
		_t=$((_t - 1))
	done
	return 1
}

# wait_listed WANT SECS CMD...: wait until CMD prints at least WANT lines
# (disks, usually); says how many there were when it gives up.
wait_listed() {
	_want=$1 _t=$2
	shift 2
	while [ "$("$@" | wc -l)" -lt "$_want" ]; do
		_t=$((_t - 1))
		[ "$_t" -gt 0 ] || { echo "only $("$@" | wc -l) of $_want from $*"; return 1; }
		sleep 1
	done
}

# wait_nodes DISK...: wait (10 s at most) until /dev/DISK is the block device
# sysfs names.  devtmpfs makes the node while the disk is added, but after
# a remove and a quick re-add of the same name a test must not read
# another file, so look rather than assume.
wait_nodes() {
	for _wn in "$@"; do
		_wn_dev=$(cat "/sys/block/$_wn/dev" 2>/dev/null)
		_wn_t=10
		while :; do
			_wn_got=$(stat -c '%t:%T' "/dev/$_wn" 2>/dev/null)
			[ -b "/dev/$_wn" ] && [ -n "$_wn_dev" ] &&
				[ "$(printf '%d:%d' "0x${_wn_got%:*}" "0x${_wn_got#*:}")" = "$_wn_dev" ] && break
			_wn_t=$((_wn_t - 1))
			[ "$_wn_t" -gt 0 ] || { echo "/dev/$_wn is not block device $_wn_dev: $(ls -l "/dev/$_wn" 2>&1)"; return 1; }
			sleep 1
		done
	done
}

# The sd* disks behind a given SCSI host number.
host_disks() {
	for d in /sys/block/sd*; do
		[ -e "$d" ] || continue
		case $(readlink -f "$d/device") in
		*/host"$1"/*) echo "${d##*/}" ;;
		esac
	done
}

# Host numbers of the hosts whose proc_name is $1.
hosts_of() {
	for h in /sys/class/scsi_host/host*; do
		[ "$(cat "$h/proc_name" 2>/dev/null)" = "$1" ] && echo "${h##*host}"
	done
}

# Our debug kernel (KASAN, lockdep, kmemleak, DMA-API debugging) runs
# several times slower than Debian's under TCG.  It is there to check the
# code paths, not to move data, so plain fio runs move FIO_DIV times less
# on it: fio_size SIZE (in M) gives the size to use.  Fault-injection runs
# keep their sizes (they need enough commands to inject into).
case $KVER in
*-amd64) FIO_DIV=1 ;;
*) FIO_DIV=4 ;;
esac
fio_size() {
	_m=$(( ${1%M} / FIO_DIV ))
	[ "$_m" -ge 1 ] || _m=1
	echo "${_m}M"
}

# fio verify run: fio_verify DEV RW BS DEPTH SIZE [extra fio args]
fio_verify() {
	_dev=$1 _rw=$2 _bs=$3 _qd=$4 _size=$5
	shift 5
	fio --name=verify --filename="/dev/$_dev" --direct=1 --ioengine=libaio \
		--rw="$_rw" --bs="$_bs" --iodepth="$_qd" --size="$_size" \
		--verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse "$@"
}

# Ask kmemleak for a report (debug kernel only); leaks show on the console.
kmemleak_scan() {
	[ -w /sys/kernel/debug/kmemleak ] || return 0
	echo scan > /sys/kernel/debug/kmemleak
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
}

kmemleak_clear() {
	[ -w /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak
	return 0
}

# perf_flat LABEL CMD...: run CMD under "perf record -a" (cpu-clock) and
# print the PERF_TOP (40) hottest symbols as "@@P LABEL ..." lines.  Only in
# a tools/profile.sh guest, which has perf.  Under TCG there is no NMI: a
# sample that falls where interrupts are off is charged to the point that
# turns them back on (_raw_spin_unlock_irqrestore for a spinlock section),
# and hard-interrupt time to whatever was interrupted.
perf_flat() {
	_pl=$1
	shift
	command -v perf >/dev/null || { echo "perf_flat: no perf in this guest (tools/profile.sh)"; return 1; }
	perf record -q -e cpu-clock -F 4000 -a -o "/tmp/perf.$_pl" -- "$@" || return 1
	perf report -i "/tmp/perf.$_pl" --no-children --stdio --sort sym 2>/dev/null |
		grep '%' | head -n "${PERF_TOP:-40}" | sed "s/^/@@P $_pl /"
	rm -f "/tmp/perf.$_pl"
}

# proc_dump [-w] PID...: where each still-living process and its children
# are (state, kernel wait channel and stack); with -w, every blocked task
# too (sysrq w - its stack traces fail the kernel log check: failures only).
proc_dump() {
	_w=
	[ "$1" = -w ] && { _w=1; shift; }
	_kids=
	for c in /proc/[0-9]*/stat; do
		c=${c#/proc/}
		c=${c%/stat}
		for p in "$@"; do
			[ "$(cut -d' ' -f4 "/proc/$c/stat" 2>/dev/null)" = "$p" ] && _kids="$_kids $c"
		done
	done
	for p in "$@" $_kids; do
		[ -d "/proc/$p" ] || continue
		echo "pid $p: $(tr '\0' ' ' < "/proc/$p/cmdline" | cut -c1-60)"
		grep -E '^(State|SigBlk):' "/proc/$p/status" | sed 's/^/  /'
		echo "  wchan: $(cat "/proc/$p/wchan" 2>/dev/null)"
		sed 's/^/  /' "/proc/$p/stack" 2>/dev/null
		for t in /proc/$p/task/*; do
			echo "  task ${t##*/}: $(cut -d' ' -f3 "$t/stat") $(cat "$t/wchan" 2>/dev/null)"
		done
	done
	[ -z "$_w" ] || echo w > /proc/sysrq-trigger 2>/dev/null
}
