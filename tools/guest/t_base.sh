# Base tests: the shim loads and unloads; the harness itself works (fio
# verify through Linux's own vmw_pvscsi on the same emulated HBA).

test_shim_load_unload() {
	for i in 1 2 3; do
		insmod "$MODDIR/scsiport.ko" || return 1
		[ -d /sys/module/scsiport ] || return 1
		[ -d /sys/kernel/debug/scsiport ] || return 1
		rmmod scsiport || return 1
		[ ! -d /sys/module/scsiport ] || return 1
	done
	# bad parameter values are refused with a message, not accepted
	if insmod "$MODDIR/scsiport.ko" max_queue=0 2>/dev/null; then
		rmmod scsiport
		echo "max_queue=0 was accepted"
		return 1
	fi
	if insmod "$MODDIR/scsiport.ko" max_queue=255 2>/dev/null; then
		rmmod scsiport
		echo "max_queue=255 was accepted"
		return 1
	fi
	return 0
}

test_native_pvscsi_fio() {
	modprobe vmw_pvscsi || return 1
	wait_disks 1 30 || { echo "no disk from vmw_pvscsi"; return 1; }
	h=$(hosts_of vmw_pvscsi | head -n 1)
	d=$(host_disks "$h" | head -n 1)
	[ -n "$d" ] || { echo "no disk on host $h"; return 1; }
	progress "native vmw_pvscsi: fio verify on $d"
	fio_verify "$d" randwrite 4k 16 16M || return 1
	fio_verify "$d" write 64k 4 16M || return 1
	rmmod vmw_pvscsi
}
