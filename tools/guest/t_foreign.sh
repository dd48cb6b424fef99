# The foreign suite: a miniport we did not write (../shared/foreign/NAME,
# built unchanged by make miniport) on its emulated HBA.  The host sets,
# from tools/foreign/NAME.conf:
#   FN_MOD      module name          FN_DISKS   disks the HBA has
#   FN_SIZE_MB  size of each disk    FN_SMART   1: it answers SMART ioctls
#   FN_BUSY     1: its queue holds fewer than 128 commands, so 128 in
#               flight must see BUSY answers, held and sent again
#   FN_DBG_MOD  a build of it that prints (DEFINES from the profile), and
#   FN_DBG_TEXT text it prints that looks like a kernel report
# Tests are named foreign-NAME-WHAT (fn_name WHAT).

fn_name() { echo "foreign-${FN_NAME}-$1"; }

# fn_host: the SCSI host of the miniport; fn_disks: its disks
fn_host() { hosts_of "$FN_MOD" | head -n 1; }
fn_disks() { host_disks "$(fn_host)"; }

# fn_load [MODULE] [ARGS...]: shim and miniport loaded, disks there
fn_load() {
	_fm=${1:-$FN_MOD}
	[ $# -gt 0 ] && shift
	[ -d /sys/module/scsiport ] || insmod "$MODDIR/scsiport.ko" || { echo "insmod scsiport failed"; return 1; }
	insmod "$MODDIR/$_fm.ko" "$@" || { echo "insmod $_fm $* failed"; return 1; }
	_fh=$(hosts_of "$_fm" | head -n 1)
	[ -n "$_fh" ] || { echo "no SCSI host for $_fm"; return 1; }
	wait_listed "$FN_DISKS" 30 host_disks "$_fh" || return 1
	wait_nodes $(host_disks "$_fh") || return 1
}

fn_unload() {
	rmmod "${1:-$FN_MOD}" || { echo "rmmod ${1:-$FN_MOD} failed"; return 1; }
	rmmod scsiport || { echo "rmmod scsiport failed"; return 1; }
	[ ! -d "/sys/module/${1:-$FN_MOD}" ] || { echo "${1:-$FN_MOD} still loaded"; return 1; }
}

fn_stat() { sed -n "s/^$2 //p" "/sys/kernel/debug/scsiport/host$1/stats"; }

# load: the disk is there with the size of the emulated one
test_fn_load() {
	fn_load || return 1
	for _d in $(fn_disks); do
		_sz=$(( $(cat "/sys/block/$_d/size") / 2048 ))
		echo "$_d: $(cat /sys/block/$_d/device/vendor) $(cat /sys/block/$_d/device/model) $_sz MiB, $(cat /sys/class/scsi_host/host$(fn_host)/irq_mode) interrupts"
		[ "$_sz" = "$FN_SIZE_MB" ] || { echo "$_d has $_sz MiB, the emulated disk $FN_SIZE_MB"; return 1; }
	done
}

test_fn_ext4() {
	_d=$(fn_disks | head -n 1)
	/sbin/mke2fs -q -F -t ext4 "/dev/$_d" || return 1
	mkdir -p /mnt/fn && mount -t ext4 "/dev/$_d" /mnt/fn || return 1
	_i=0
	while [ $_i -lt 32 ]; do
		dd if=/dev/urandom of=/mnt/fn/f$_i bs=32k count=$((1 + _i % 8)) 2>/dev/null || return 1
		_i=$((_i + 1))
	done
	(cd /mnt/fn && sha256sum f* > /tmp/fn.sums)
	umount /mnt/fn
	echo 3 > /proc/sys/vm/drop_caches
	mount -t ext4 "/dev/$_d" /mnt/fn || return 1
	(cd /mnt/fn && sha256sum -c -s /tmp/fn.sums) || { echo "checksums differ after remount"; umount /mnt/fn; return 1; }
	umount /mnt/fn
}

# fio_verify randrw 4k at one queue depth; BUSY answers (a miniport whose
# queue is full) must have been held and sent again, none given up on
test_fn_fio() {
	_qd=$1
	_d=$(fn_disks | head -n 1)
	_h=$(fn_host)
	_b0=$(fn_stat "$_h" busy_requeued)
	fio_verify "$_d" randrw 4k "$_qd" "$(fio_size 32M)" || return 1
	_b=$(( $(fn_stat "$_h" busy_requeued) - _b0 ))
	echo "@@ $(fn_name fio-qd$_qd): $_b BUSY answers held and sent again, throttle $(fn_stat "$_h" throttle), gave up $(fn_stat "$_h" busy_gave_up)" > /dev/console
	[ "$(fn_stat "$_h" busy_gave_up)" = 0 ] || { echo "BUSY answers reached the midlayer"; return 1; }
}

# FN_BUSY: its queue holds fewer commands than 128, so with the shim's
# max_queue=128 and 128 requests in flight it must answer BUSY: the shim
# holds those, sends them again, throttles it, and nothing fails
test_fn_busy() {
	insmod "$MODDIR/scsiport.ko" max_queue=128 || return 1
	fn_load || return 1
	_d=$(fn_disks | head -n 1)
	_h=$(fn_host)
	echo 128 > "/sys/block/$_d/device/queue_depth" 2>/dev/null
	fio_verify "$_d" randrw 4k 128 "$(fio_size 32M)" || return 1
	_b=$(fn_stat "$_h" busy_requeued)
	echo "@@ $(fn_name busy-qd128): $_b BUSY answers held and sent again, throttled $(fn_stat "$_h" throttled) times, throttle $(fn_stat "$_h" throttle), gave up $(fn_stat "$_h" busy_gave_up)" > /dev/console
	_rc=0
	if [ "$_b" -le 0 ]; then
		echo "no BUSY answer at 128 in flight: the test tested nothing"; _rc=1
	elif [ "$(fn_stat "$_h" busy_gave_up)" != 0 ]; then
		echo "BUSY answers reached the midlayer"; _rc=1
	elif [ "$(fn_stat "$_h" throttled)" -le 0 ]; then
		# the count, not the throttle: that one climbs back to 128 while
		# the BUSY answers stop, before a slow kernel's fio is done
		echo "the adapter was never throttled"; _rc=1
	fi
	# unloaded either way: the next test loads the miniport again
	fn_unload || return 1
	return $_rc
}

# request sizes from 512 bytes to 128 KiB
test_fn_mixed() {
	_d=$(fn_disks | head -n 1)
	fio --name=mixed --filename="/dev/$_d" --direct=1 --ioengine=libaio \
		--rw=randrw --bsrange=512-128k --blockalign=512 --iodepth=8 \
		--size="$(fio_size 32M)" --verify=crc32c --verify_fatal=1 \
		--do_verify=1 --output-format=terse
}

test_fn_smart() {
	spioctl smart "/dev/$(fn_disks | head -n 1)"
}

test_fn_unload() { fn_unload; }

# ten load/unload cycles, a read each time
test_fn_cycles() {
	_i=1
	while [ $_i -le 10 ]; do
		fn_load || { echo "cycle $_i"; return 1; }
		_d=$(fn_disks | head -n 1)
		dd if="/dev/$_d" of=/dev/null bs=64k count=16 iflag=direct 2>/dev/null || { echo "cycle $_i: read failed"; return 1; }
		fn_unload || { echo "cycle $_i"; return 1; }
		_i=$((_i + 1))
	done
}

# The module's aliases match the function: what udev runs, modprobe by the
# function's modalias, loads the shim and the miniport, and binds it.
test_fn_autoload() {
	_x=/lib/modules/$KVER/extra
	mkdir -p "$_x"
	cp "$MODDIR/scsiport.ko" "$MODDIR/$FN_MOD.ko" "$_x/"
	depmod || { echo "depmod failed"; return 1; }
	_n=0
	for _f in /sys/bus/pci/devices/*; do
		grep -q "$FN_MOD" "/lib/modules/$KVER/modules.alias" || { echo "no alias of $FN_MOD in modules.alias"; return 1; }
		_al=$(cat "$_f/modalias")
		modprobe -D "$_al" 2>/dev/null | grep -q "/$FN_MOD.ko" || continue
		echo "${_f##*/} ($_al) autoloads $FN_MOD"
		modprobe "$_al" || { echo "modprobe $_al failed"; return 1; }
		_n=$((_n + 1))
	done
	[ "$_n" -gt 0 ] || { echo "no function's modalias matches $FN_MOD"; return 1; }
	wait_listed "$FN_DISKS" 30 fn_disks || return 1
	[ -e "/sys/bus/pci/drivers/$FN_MOD" ] || { echo "$FN_MOD has no PCI driver bound"; return 1; }
	fn_unload
}

# pnp=0: the miniport scans PCI itself (NT 4 style); it must still get a
# message-signalled interrupt when the function has one, and work
test_fn_self_scan() {
	fn_load "$FN_MOD" pnp=0 || return 1
	_h=$(fn_host)
	_m=$(cat "/sys/class/scsi_host/host$_h/irq_mode")
	echo "self-scan: $(fn_disks) on host$_h, $_m interrupts"
	_d=$(fn_disks | head -n 1)
	fio_verify "$_d" randrw 4k 16 "$(fio_size 16M)" || return 1
	[ "$_m" = msi ] || { echo "self-scanned adapter got $_m interrupts, not MSI"; return 1; }
	[ "$(fn_stat "$_h" interrupts)" -gt 0 ] || { echo "no interrupt reached the miniport"; return 1; }
	fn_unload
}

# A build that prints: its text reaches the console and must not be taken
# for a kernel report (the host's log scan decides that).
test_fn_debug_print() {
	insmod "$MODDIR/scsiport.ko" || return 1
	dmesg -n 8
	echo 'func ScsiDebugPrint +p' > /sys/kernel/debug/dynamic_debug/control
	fn_load "$FN_DBG_MOD" || { dmesg -n 7; return 1; }
	echo 'func ScsiDebugPrint -p' > /sys/kernel/debug/dynamic_debug/control
	dmesg -n 7
	dmesg | grep -F "$FN_DBG_TEXT" | head -n 1
	dmesg | grep -qF "$FN_DBG_TEXT" || { echo "it did not print \"$FN_DBG_TEXT\""; return 1; }
	fn_unload "$FN_DBG_MOD"
}

# FN_MIXED (the Windows-code build): the kernel-code RAM disk miniport
# (sp_ramdisk, gcc, the kernel's convention) and this Windows-code one on
# one scsiport.ko at once, fio verify on a disk of each at the same time,
# then both unloaded
test_fn_mixed_abi() {
	fn_load || return 1
	rd_load 1 disks=1 || return 1
	_d=$(fn_disks | head -n 1) _r=$(rd_disks | head -n 1)
	echo "mixed: $FN_MOD (Windows code) $_d and $RD_MOD (kernel code) $_r"
	fio_verify "$_d" randrw 4k 16 "$(fio_size 16M)" > /tmp/mixed-fn.out 2>&1 &
	_p=$!
	fio_verify "$_r" randrw 4k 16 "$(fio_size 16M)" || { wait $_p; return 1; }
	wait $_p || { tail -n 5 /tmp/mixed-fn.out; echo "fio on $_d failed"; return 1; }
	[ "$(fn_stat "$(fn_host)" busy_gave_up)" = 0 ] || { echo "BUSY answers reached the midlayer"; return 1; }
	rd_unload || return 1
	fn_unload
}

foreign_all_tests() {
	load_scsi_stack
	modprobe ext4 2>/dev/null
	# first: the controller as the firmware left it (what it prints about)
	[ -n "${FN_DBG_MOD:-}" ] && t_run "$(fn_name debug-print)" test_fn_debug_print
	t_run "$(fn_name load)" test_fn_load
	if [ -d /sys/module/"$FN_MOD" ]; then
		t_run "$(fn_name ext4)" test_fn_ext4
		for _q in 1 16 64; do
			t_run "$(fn_name fio-qd$_q)" test_fn_fio $_q
		done
		t_run "$(fn_name fio-mixed)" test_fn_mixed
		[ "${FN_SMART:-0}" = 1 ] && t_run "$(fn_name smart)" test_fn_smart
		t_run "$(fn_name unload)" test_fn_unload
	fi
	[ "${FN_BUSY:-0}" = 1 ] && t_run "$(fn_name busy-qd128)" test_fn_busy
	t_run "$(fn_name load-unload-10)" test_fn_cycles
	t_run "$(fn_name autoload)" test_fn_autoload
	t_run "$(fn_name self-scan)" test_fn_self_scan
	[ "${FN_MIXED:-0}" = 1 ] && t_run "$(fn_name mixed-abi)" test_fn_mixed_abi
	return 0
}
