# make bench, guest side.  Two identical pvscsi HBAs: the first is bound to
# Linux's vmw_pvscsi, the second to our miniport (driver_override), each
# with one disk of identical size.  fio rows alternate between the two, so
# both see the same VM, the same moment and the same noise.
# Output: "@@BENCH <row> <driver> <rep> <value> <p50_us> <p99_us> <cpu_us_per_io>"
# and "@@IRQ <mode> <interrupts> <avg_hardirq_ns>".

# bench_bind [MODE [WIN]]: the first pvscsi function to vmw_pvscsi, the
# second to pvscsi_sp (callback_pair=MODE, default 1) and, when WIN is 1
# and a third function is there, the third to pvscsi_sp_win (the same
# miniport built as Windows code, callback pair), all on one scsiport.ko.
bench_bind() {
	mode=${1:-1} win=${2:-0}
	bdfs=$(for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor):$(cat $d/device)" = "0x15ad:0x07c0" ] && echo "${d##*/}"
	done | sort)
	NATIVE_BDF=$(echo $bdfs | cut -d' ' -f1) OURS_BDF=$(echo $bdfs | cut -d' ' -f2)
	WIN_BDF=$(echo $bdfs | cut -s -d' ' -f3)
	[ "$win" = 1 ] && [ -n "$WIN_BDF" ] || win=0
	echo vmw_pvscsi > /sys/bus/pci/devices/$NATIVE_BDF/driver_override
	echo pvscsi_sp > /sys/bus/pci/devices/$OURS_BDF/driver_override
	[ -z "$WIN_BDF" ] || echo pvscsi_sp_win > /sys/bus/pci/devices/$WIN_BDF/driver_override
	modprobe vmw_pvscsi || return 1
	insmod $MODDIR/scsiport.ko || return 1
	insmod $MODDIR/pvscsi_sp.ko callback_pair=$mode || return 1
	[ $win = 0 ] || insmod $MODDIR/pvscsi_sp_win.ko || return 1
	wait_disks $((2 + win)) 30 || return 1
	NATIVE_DEV=$(host_disks "$(hosts_of vmw_pvscsi | head -n 1)" | head -n 1)
	OURS_DEV=$(host_disks "$(hosts_of pvscsi_sp | head -n 1)" | head -n 1)
	progress "native vmw_pvscsi on $NATIVE_BDF -> $NATIVE_DEV; pvscsi_sp on $OURS_BDF -> $OURS_DEV"
	WIN_DEV=
	if [ $win = 1 ]; then
		WIN_DEV=$(host_disks "$(hosts_of pvscsi_sp_win | head -n 1)" | head -n 1)
		progress "pvscsi_sp_win (Windows code) on $WIN_BDF -> $WIN_DEV"
		[ -n "$WIN_DEV" ] || return 1
	fi
	[ -n "$NATIVE_DEV" ] && [ -n "$OURS_DEV" ] || return 1
	# Every HBA's interrupt on CPU 0, where the kernel puts the first: each
	# driver completes on the same CPU (left alone, the second HBA's went
	# to CPU 1).
	bench_irq_cpu0 $NATIVE_BDF $NATIVE_DEV
	bench_irq_cpu0 $OURS_BDF $OURS_DEV
	[ -z "$WIN_DEV" ] || bench_irq_cpu0 $WIN_BDF $WIN_DEV
	for d in $NATIVE_DEV $OURS_DEV $WIN_DEV; do
		progress "$d: $(bench_limits $d)"
	done
}

# bench_irq_cpu0 BDF DEV: the function's interrupts to CPU 0, and a few
# reads of its disk DEV, since x86 moves an MSI at its next interrupt
bench_irq_cpu0() {
	for i in $(bench_irqs $1); do
		echo 0 > /proc/irq/$i/smp_affinity_list 2>/dev/null ||
			progress "irq $i of $1: cannot move it to cpu 0"
	done
	dd if=/dev/$2 of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null
	progress "$1: $(bench_irq_cpus $1)"
}

# bench_limits DEV: the request limits the midlayer and block layer set
bench_limits() {
	_q=/sys/block/$1/queue
	# the disk's device is <host>/target<t>/<h:c:t:l>
	_h=$(ls -d "$(readlink -f /sys/block/$1/device)"/../../scsi_host/host* 2>/dev/null | head -n 1)
	printf 'max_sectors_kb %s max_segments %s max_segment_size %s nr_requests %s' \
		"$(cat $_q/max_sectors_kb)" "$(cat $_q/max_segments)" "$(cat $_q/max_segment_size)" \
		"$(cat $_q/nr_requests)"
	[ -n "$_h" ] && printf ' can_queue %s sg_tablesize %s cmd_per_lun %s' \
		"$(cat $_h/can_queue)" "$(cat $_h/sg_tablesize)" "$(cat $_h/cmd_per_lun)"
	printf ' queue_depth %s\n' "$(cat /sys/block/$1/device/queue_depth)"
}

# bench_irqs BDF: the function's interrupts
bench_irqs() {
	{ ls /sys/bus/pci/devices/$1/msi_irqs 2>/dev/null; cat /sys/bus/pci/devices/$1/irq; } |
		sort -u | while read -r i; do [ -d /proc/irq/$i ] && echo $i; done
}

# bench_irq_cpus BDF: the function's interrupts and the CPUs they go to
bench_irq_cpus() {
	for i in $(bench_irqs $1); do
		printf 'irq %s -> cpu %s; ' $i "$(cat /proc/irq/$i/effective_affinity_list 2>/dev/null)"
	done
}

# busy jiffies (all CPUs, user+nice+system+irq+softirq) from /proc/stat
busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }

# bench_one "ROW..." DRIVER REP DEV RW BS QD: one fio run, reported once
# under each ROW of the list (one native run serves a row and its _win row).
bench_one() {
	row=$1 drv=$2 rep=$3 dev=$4 rw=$5 bs=$6 qd=$7
	b0=$(busy_jiffies)
	out=$(fio --name=b --filename=/dev/$dev --direct=1 --ioengine=libaio --rw=$rw \
		--bs=$bs --iodepth=$qd --runtime=${BENCH_SECS:-6} --time_based \
		--output-format=terse --terse-version=3)
	b1=$(busy_jiffies)
	echo "$out" | awk -F';' -v rows="$row" -v drv=$drv -v rep=$rep -v busy=$((b1 - b0)) '
	function pct(start, want,   i, kv) {
		for (i = start; i < start + 20; i++) { split($i, kv, "="); if (kv[1] == want) return kv[2]; }
		return 0
	}
	{
		if ($8 + 0 > 0) { iops = $8; bw = $7; base = 18; ios = $8 * $9 / 1000 }
		else { iops = $49; bw = $48; base = 59; ios = $49 * $50 / 1000 }
		cpu = (ios > 0) ? busy * 10000 / ios : 0
		n = split(rows, r, " ")
		for (i = 1; i <= n; i++)
			printf "@@BENCH %s %s %s %.1f %s %s %.2f\n", r[i], drv, rep, (r[i] ~ /^seq/) ? bw / 1024 : iops,
				pct(base, "50.000000%"), pct(base, "99.000000%"), cpu
	}'
}

# Hard-IRQ time per interrupt of our adapter, from the irq_handler events.
bench_irq() {
	mode=$1 dev=$2
	irq=$(awk -v n=pvscsi_sp '$0 ~ n {sub(":", "", $1); print $1; exit}' /proc/interrupts)
	t=/sys/kernel/debug/tracing
	[ -d $t/events/irq ] || t=/sys/kernel/tracing
	[ -d $t/events/irq ] || { echo "@@IRQ $mode 0 0"; return; }
	echo 0 > $t/tracing_on
	echo > $t/trace
	echo "irq == $irq" > $t/events/irq/irq_handler_entry/filter
	echo "irq == $irq" > $t/events/irq/irq_handler_exit/filter
	echo 1 > $t/events/irq/irq_handler_entry/enable
	echo 1 > $t/events/irq/irq_handler_exit/enable
	h=$(hosts_of pvscsi_sp | head -n 1)
	# pv_stat and pv_regs: t_pvscsi.sh
	i0=$(pv_stat $h interrupts_claimed) s0=$(pv_stat $h start_io)
	r0=$(pv_regs reads) w0=$(pv_regs writes)
	echo 1 > $t/tracing_on
	fio --name=i --filename=/dev/$dev --direct=1 --ioengine=libaio --rw=randread \
		--bs=4k --iodepth=16 --runtime=4 --time_based --output-format=terse >/dev/null
	echo 0 > $t/tracing_on
	i1=$(pv_stat $h interrupts_claimed) s1=$(pv_stat $h start_io)
	r1=$(pv_regs reads) w1=$(pv_regs writes)
	# register accesses: the miniport's, per interrupt and per request
	echo "@@REGS $mode $((i1 - i0)) $((s1 - s0)) $((r1 - r0)) $((w1 - w0))"
	echo 0 > $t/events/irq/irq_handler_entry/enable
	echo 0 > $t/events/irq/irq_handler_exit/enable
	awk -v mode=$mode '
	/irq_handler_entry/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = $i; sub(":", "", ts) }
		split($1, a, "-"); cpu = $2; start[cpu] = ts }
	/irq_handler_exit/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = $i; sub(":", "", ts) }
		cpu = $2; if (cpu in start) { sum += ts - start[cpu]; n++; delete start[cpu] } }
	END { printf "@@IRQ %s %d %.0f\n", mode, n, n ? sum / n * 1e9 : 0 }' $t/trace
}

# bench_pair REP ROW RW BS QD: one row on both disks, odd repetitions
# native first, even ones ours first.
bench_pair() {
	progress "rep $1: $2"
	if [ $(($1 % 2)) = 1 ]; then
		bench_one $2 native $1 $NATIVE_DEV $3 $4 $5
		bench_one $2 ours $1 $OURS_DEV $3 $4 $5
	else
		bench_one $2 ours $1 $OURS_DEV $3 $4 $5
		bench_one $2 native $1 $NATIVE_DEV $3 $4 $5
	fi
}

# bench_rows "ROW RW BS QD"...: each row BENCH_REPS times (default 5) on
# NATIVE_DEV and OURS_DEV; ROW_SUFFIX is appended to the row names.
bench_rows() {
	for rep in $(seq "${BENCH_REPS:-5}"); do
		for spec in "$@"; do
			bench_spec $rep $spec
		done
	done
}

# bench_spec REP ROW RW BS QD: bench_pair with ROW_SUFFIX on the row name.
bench_spec() {
	bench_pair $1 $2${ROW_SUFFIX:-} $3 $4 $5
}

# bench_triple REP ROW RW BS QD: one row on the three disks, native,
# pvscsi_sp and pvscsi_sp_win, back to back in the order REP picks (each of
# the six in turn, so each driver runs first, between and last, and the
# Windows code as often before the kernel code as after it).  The native
# run is reported as ROW and as ROW_win: the _win rows have the same native
# runs, and bench-abi pairs ROW_win with ROW of the same repetition.
bench_triple() {
	progress "rep $1: $2 (native, kernel code, Windows code)"
	case $(($1 % 6)) in
	1) order="n o w" ;; 2) order="w o n" ;; 3) order="o w n" ;;
	4) order="n w o" ;; 5) order="w n o" ;; *) order="o n w" ;;
	esac
	for who in $order; do
		case $who in
		n) bench_one "$2 $2_win" native $1 $NATIVE_DEV $3 $4 $5 ;;
		o) bench_one $2 ours $1 $OURS_DEV $3 $4 $5 ;;
		w) bench_one $2_win ours $1 $WIN_DEV $3 $4 $5 ;;
		esac
	done
}

# bench_ours_mode 1|0 [DISKS]: reload pvscsi_sp with the callback pair or
# plain, and wait until DISKS disks (default 2, native's and the others
# included) are there.
bench_ours_mode() {
	rmmod pvscsi_sp 2>/dev/null
	insmod $MODDIR/pvscsi_sp.ko callback_pair=$1 || return 1
	wait_disks "${2:-2}" 30 || return 1
	OURS_DEV=$(host_disks "$(hosts_of pvscsi_sp | head -n 1)" | head -n 1)
	[ -n "$OURS_DEV" ] || return 1
	# in the bench VM, its new interrupt to CPU 0 as bench_bind did
	[ -z "${OURS_BDF:-}" ] || bench_irq_cpu0 $OURS_BDF $OURS_DEV
}

BENCH_SPECS="randread4k_qd1:randread:4k:1 randread4k_qd16:randread:4k:16
randwrite4k_qd16:randwrite:4k:16 seqread128k_qd4:read:128k:4"

# Every row with our miniport in callback-pair mode (the default, rows as
# named) and the same miniport built as Windows code (make bench copies it
# in as pvscsi_sp_win.ko, a module of its own on a third HBA: rows suffixed
# _win), three runs back to back per row and repetition (bench_triple: the
# ABI boundary's cost is the ratio of the two ours runs), then, unless
# BENCH_PLAIN=0, pvscsi_sp reloaded in plain mode (rows suffixed _plain),
# each against the native driver in the same repetition.
run_bench() {
	load_scsi_stack
	win=1
	[ -f $MODDIR/pvscsi_sp_win.ko ] || { win=0; progress "no pvscsi_sp_win.ko: no _win rows"; }
	bench_bind 1 $win || { progress "could not bind the HBAs"; return 1; }
	[ -n "$WIN_DEV" ] || progress "no third HBA or no pvscsi_sp_win: no _win rows"
	disks=2
	[ -z "$WIN_DEV" ] || disks=3
	# warm-up, not reported: the first run after boot is slower, whoever has it
	for d in $NATIVE_DEV $OURS_DEV $WIN_DEV; do
		fio --name=warm --filename=/dev/$d --direct=1 --ioengine=libaio --rw=randread \
			--bs=4k --iodepth=16 --runtime=2 --time_based > /dev/null
	done
	for rep in $(seq "${BENCH_REPS:-5}"); do
		for spec in $BENCH_SPECS; do
			# shellcheck disable=SC2086 # ROW RW BS QD
			set -- $(echo $spec | tr : ' ')
			if [ -n "$WIN_DEV" ]; then
				bench_triple $rep "$@"
			else
				bench_pair $rep "$@"
			fi
		done
		[ "${BENCH_PLAIN:-1}" = 0 ] && continue
		bench_ours_mode 0 $disks || return 1
		ROW_SUFFIX=_plain
		for spec in $BENCH_SPECS; do
			# shellcheck disable=SC2086
			bench_spec $rep $(echo $spec | tr : ' ')
		done
		ROW_SUFFIX=
		bench_ours_mode 1 $disks || return 1
	done
}

# Hard-IRQ time and register accesses per interrupt of our miniport, in
# callback-pair and plain mode, with MSI and on an INTx line (the shim with
# msi=0, where HwInterrupt must read the status in both modes).  Its own VM
# with one CPU and one HBA: with a second CPU the IRQ thread drains on it
# while the hard handler runs, and the two vCPU threads and QEMU's I/O
# thread then compete for the host's cores, which inflates the wall-clock
# time the trace events measure.
run_bench_irq() {
	load_scsi_stack
	for kind in "" _intx; do
		rmmod pvscsi_sp 2>/dev/null
		rmmod scsiport 2>/dev/null
		if [ -z "$kind" ]; then
			insmod $MODDIR/scsiport.ko || return 1
		else
			insmod $MODDIR/scsiport.ko msi=0 || return 1
		fi
		for mode in 1 0; do
			bench_ours_mode $mode 1 || return 1
			[ $mode = 1 ] && name=callback$kind || name=plain$kind
			progress "hard-IRQ time per interrupt: $name ($(cat /sys/class/scsi_host/host*/irq_mode))"
			bench_irq $name $OURS_DEV
		done
	done
}

# The software path: our RAM-disk miniport against Linux's scsi_debug, both
# RAM-backed, same midlayer, same size and queue depth, completion in the
# submitting context.  Rows are suffixed with the number of guest CPUs.
run_bench_soft() {
	ncpu=$(grep -c ^processor /proc/cpuinfo)
	load_scsi_stack
	modprobe scsi_debug dev_size_mb=64 num_tgts=1 max_luns=1 delay=0 max_queue=64 || return 1
	insmod $MODDIR/scsiport.ko || return 1
	insmod $MODDIR/sp_ramdisk.ko disks=1 size_mb=64 delay_us=0 || return 1
	wait_disks 2 30 || return 1
	NATIVE_DEV=$(host_disks "$(hosts_of scsi_debug | head -n 1)" | head -n 1)
	OURS_DEV=$(host_disks "$(hosts_of sp_ramdisk | head -n 1)" | head -n 1)
	progress "$ncpu CPU(s): scsi_debug -> $NATIVE_DEV, sp_ramdisk -> $OURS_DEV"
	[ -n "$NATIVE_DEV" ] && [ -n "$OURS_DEV" ] || return 1
	# fill both so reads return data, not holes
	for d in $NATIVE_DEV $OURS_DEV; do
		dd if=/dev/zero of=/dev/$d bs=1M count=64 oflag=direct 2>/dev/null
	done
	bench_rows "sw_randread4k_qd1_${ncpu}cpu randread 4k 1" \
		"sw_randread4k_qd16_${ncpu}cpu randread 4k 16"
}

# A miniport we did not write against the native driver: nvme2k (built by
# make miniport, bound by class) on one QEMU NVMe controller, Linux's nvme
# on an identical second one (driver_override on both before either driver
# is loaded).  Rows are suffixed _nvme.  nvme2k uses one I/O queue pair of
# 64 entries; nvme one per CPU, so the QD16 rows compare one queue with two.
run_bench_nvme() {
	mod=${1:-nvme2k}
	load_scsi_stack
	bdfs=$(for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/class)" = 0x010802 ] && echo "${d##*/}"
	done | sort)
	NATIVE_BDF=$(echo $bdfs | cut -d' ' -f1) OURS_BDF=$(echo $bdfs | cut -d' ' -f2)
	[ -n "$OURS_BDF" ] || { progress "want two NVMe controllers, found: $bdfs"; return 1; }
	echo nvme > /sys/bus/pci/devices/$NATIVE_BDF/driver_override
	echo $mod > /sys/bus/pci/devices/$OURS_BDF/driver_override
	modprobe nvme || return 1
	insmod $MODDIR/scsiport.ko || return 1
	insmod $MODDIR/$mod.ko || return 1
	wait_listed 1 30 host_disks "$(hosts_of $mod | head -n 1)" || return 1
	_t=30
	while [ ! -b /dev/nvme0n1 ] && [ $_t -gt 0 ]; do sleep 1; _t=$((_t - 1)); done
	NATIVE_DEV=nvme0n1
	OURS_DEV=$(host_disks "$(hosts_of $mod | head -n 1)" | head -n 1)
	progress "native nvme on $NATIVE_BDF -> $NATIVE_DEV; $mod on $OURS_BDF -> $OURS_DEV"
	[ -b /dev/$NATIVE_DEV ] && [ -n "$OURS_DEV" ] || return 1
	ROW_SUFFIX=_nvme bench_rows "randread4k_qd1 randread 4k 1" \
		"randread4k_qd16 randread 4k 16" "randwrite4k_qd16 randwrite 4k 16" \
		"seqread128k_qd4 read 128k 4"
}
