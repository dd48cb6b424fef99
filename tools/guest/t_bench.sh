# make bench, guest side.  Two identical pvscsi HBAs: the first is bound to
# Linux's vmw_pvscsi, the second to our miniport (driver_override), each
# with one disk of identical size.  fio rows alternate between the two, so
# both see the same VM, the same moment and the same noise.
# Output: "@@BENCH <row> <driver> <rep> <value> <p50_us> <p99_us> <cpu_us_per_io>"
# and "@@IRQ <mode> <interrupts> <avg_hardirq_ns>".

bench_bind() {
	mode=${1:-1}
	bdfs=$(for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor):$(cat $d/device)" = "0x15ad:0x07c0" ] && echo "${d##*/}"
	done | sort)
	NATIVE_BDF=$(echo $bdfs | cut -d' ' -f1) OURS_BDF=$(echo $bdfs | cut -d' ' -f2)
	echo vmw_pvscsi > /sys/bus/pci/devices/$NATIVE_BDF/driver_override
	echo pvscsi_sp > /sys/bus/pci/devices/$OURS_BDF/driver_override
	modprobe vmw_pvscsi || return 1
	insmod $MODDIR/scsiport.ko || return 1
	insmod $MODDIR/pvscsi_sp.ko callback_pair=$mode || return 1
	wait_disks 2 30 || return 1
	NATIVE_DEV=$(host_disks "$(hosts_of vmw_pvscsi | head -n 1)" | head -n 1)
	OURS_DEV=$(host_disks "$(hosts_of pvscsi_sp | head -n 1)" | head -n 1)
	progress "native vmw_pvscsi on $NATIVE_BDF -> $NATIVE_DEV; pvscsi_sp on $OURS_BDF -> $OURS_DEV"
	[ -n "$NATIVE_DEV" ] && [ -n "$OURS_DEV" ]
}

# busy jiffies (all CPUs, user+nice+system+irq+softirq) from /proc/stat
busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }

# bench_one ROW DRIVER REP DEV RW BS QD
bench_one() {
	row=$1 drv=$2 rep=$3 dev=$4 rw=$5 bs=$6 qd=$7
	b0=$(busy_jiffies)
	out=$(fio --name=b --filename=/dev/$dev --direct=1 --ioengine=libaio --rw=$rw \
		--bs=$bs --iodepth=$qd --runtime=${BENCH_SECS:-6} --time_based \
		--output-format=terse --terse-version=3)
	b1=$(busy_jiffies)
	echo "$out" | awk -F';' -v row=$row -v drv=$drv -v rep=$rep -v busy=$((b1 - b0)) '
	function pct(start, want,   i, kv) {
		for (i = start; i < start + 20; i++) { split($i, kv, "="); if (kv[1] == want) return kv[2]; }
		return 0
	}
	{
		if ($8 + 0 > 0) { iops = $8; bw = $7; base = 18; ios = $8 * $9 / 1000 }
		else { iops = $49; bw = $48; base = 59; ios = $49 * $50 / 1000 }
		val = (row ~ /^seq/) ? bw / 1024 : iops
		cpu = (ios > 0) ? busy * 10000 / ios : 0
		printf "@@BENCH %s %s %s %.1f %s %s %.2f\n", row, drv, rep, val, pct(base, "50.000000%"), pct(base, "99.000000%"), cpu
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

# bench_ours_mode 1|0|win [DISKS]: reload our miniport with the callback
# pair or plain, or the same miniport built as Windows code (make bench
# copies it in as pvscsi_sp_win.ko; callback pair), and wait until DISKS
# disks (default 2, native's included) are there.
bench_ours_mode() {
	rmmod pvscsi_sp 2>/dev/null
	case $1 in
	win) insmod $MODDIR/pvscsi_sp_win.ko callback_pair=1 || return 1 ;;
	*) insmod $MODDIR/pvscsi_sp.ko callback_pair=$1 || return 1 ;;
	esac
	wait_disks "${2:-2}" 30 || return 1
	OURS_DEV=$(host_disks "$(hosts_of pvscsi_sp | head -n 1)" | head -n 1)
	[ -n "$OURS_DEV" ]
}

# Every row with our miniport in callback-pair mode (the default, rows as
# named), the same built as Windows code (rows suffixed _win, next to it,
# in turns before and after: the ABI boundary's cost is the ratio of the
# two) and in plain mode (rows suffixed _plain), each against the native
# driver in the same repetition.
run_bench() {
	load_scsi_stack
	bench_bind 1 || { progress "could not bind the two HBAs"; return 1; }
	win=win
	[ -f $MODDIR/pvscsi_sp_win.ko ] || { win=; progress "no pvscsi_sp_win.ko: no _win rows"; }
	for rep in $(seq "${BENCH_REPS:-5}"); do
		# kernel code and Windows code back to back, in turns first
		[ $((rep % 2)) = 1 ] && modes="1 $win" || modes="$win 1"
		[ "${BENCH_PLAIN:-1}" = 0 ] || modes="$modes 0"
		for mode in $modes; do
			bench_ours_mode $mode || return 1
			case $mode in 1) ROW_SUFFIX= ;; win) ROW_SUFFIX=_win ;; *) ROW_SUFFIX=_plain ;; esac
			for spec in "randread4k_qd1 randread 4k 1" "randread4k_qd16 randread 4k 16" \
				"randwrite4k_qd16 randwrite 4k 16" "seqread128k_qd4 read 128k 4"; do
				bench_spec $rep $spec
			done
		done
	done
	ROW_SUFFIX=
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
