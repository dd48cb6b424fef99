# make run: the end-to-end demonstration in one guest.
#   run_main MINIPORT_MODULE PROC_NAME [DISKS]
# Loads the shim and the miniport, lists the disks, makes an ext4 file
# system on the first one, writes and reads back files with checksums, runs
# fio with crc32c verification at queue depths 1 to 32, measures IOPS, and
# prints one "scsiport run:" summary line.

# The mass-storage functions (PCI class 01) and who drives them.
show_hbas() {
	for d in /sys/bus/pci/devices/*; do
		case $(cat "$d/class") in 0x01*) ;; *) continue ;; esac
		drv=none
		[ -e "$d/driver" ] && drv=$(basename "$(readlink -f "$d/driver")")
		progress "HBA ${d##*/}: $(cat "$d/vendor"):$(cat "$d/device") class $(cat "$d/class"), driver: $drv"
	done
}

# After a checksum mismatch: which files differ, and where (the first
# differing offsets and how many bytes differ), against the copies in
# /tmp/orig.  A lost write shows as whole 4 KiB blocks of old data.
run_show_mismatch() {
	local orig name
	for orig in /tmp/orig/f*; do
		name=${orig##*/}
		cmp -s "$orig" "/mnt/t/$name" && continue
		progress "  $name differs: $(cmp -l "$orig" "/mnt/t/$name" 2>&1 | wc -l) bytes, first at $(cmp -l "$orig" "/mnt/t/$name" 2>&1 | head -n 3 | awk '{printf "%s ", $1 - 1}')(size $(wc -c < "$orig") vs $(wc -c < "/mnt/t/$name" 2>/dev/null))"
	done
	dmesg | tail -n 20
}

terse_field() { echo "$1" | cut -d';' -f"$2" | cut -d. -f1; }

run_main() {
	mp=$1 proc=$2 want=${3:-2}
	verify=pass
	show_hbas
	if [ ! -f "$MODDIR/$mp.ko" ]; then
		progress "no miniport yet ($mp.ko is not built)"
		t_result "@@RUN scsiport run: miniport=none disks=0 verify=fail read_iops=0 write_iops=0"
		return 1
	fi
	load_scsi_stack
	modprobe ext4 2>/dev/null
	insmod "$MODDIR/scsiport.ko" || return 1
	insmod "$MODDIR/$mp.ko" || { progress "insmod $mp failed"; return 1; }
	show_hbas
	h=$(hosts_of "$proc" | head -n 1)
	[ -n "$h" ] || { progress "no SCSI host for $proc"; return 1; }
	wait_listed "$want" 30 host_disks "$h"
	disks=$(host_disks "$h")
	n=$(echo $disks | wc -w)
	for d in $disks; do
		progress "disk $d: $(cat /sys/block/$d/device/vendor) $(cat /sys/block/$d/device/model) $(( $(cat /sys/block/$d/size) / 2048 )) MiB on host$h ($(cat /sys/class/scsi_host/host$h/irq_mode 2>/dev/null) interrupts)"
	done
	set -- $disks
	d1=$1 d2=${2:-$1}

	progress "ext4 on /dev/$d1: mkfs, write 64 files, read back with checksums"
	/sbin/mke2fs -q -F -t ext4 "/dev/$d1" || verify=fail
	mkdir -p /mnt/t && mount -t ext4 "/dev/$d1" /mnt/t || verify=fail
	# the files are kept in /tmp too, so a mismatch can say what differs
	mkdir -p /tmp/orig
	i=0
	while [ $i -lt 64 ]; do
		dd if=/dev/urandom of=/tmp/orig/f$i bs=64k count=$((1 + i % 8)) 2>/dev/null
		cp /tmp/orig/f$i /mnt/t/f$i
		i=$((i + 1))
	done
	(cd /mnt/t && sha256sum f* > /tmp/sums)
	umount /mnt/t
	echo 3 > /proc/sys/vm/drop_caches
	mount -t ext4 "/dev/$d1" /mnt/t || { progress "remount of /dev/$d1 failed"; verify=fail; }
	if ! (cd /mnt/t && sha256sum -c -s /tmp/sums); then
		progress "checksum mismatch"
		verify=fail
		run_show_mismatch
	fi
	umount /mnt/t
	rm -rf /tmp/orig

	for qd in 1 4 16 32; do
		progress "fio verify crc32c, random read/write 4k, QD$qd on /dev/$d2"
		fio --name=v --filename="/dev/$d2" --direct=1 --ioengine=libaio \
			--rw=randrw --bs=4k --iodepth=$qd --size=16M \
			--verify=crc32c --verify_fatal=1 --do_verify=1 \
			--output-format=terse >/tmp/fio.out 2>&1 || { cat /tmp/fio.out; verify=fail; }
	done

	progress "fio IOPS: 4k random read and write, QD16, 10 s each"
	r=$(fio --name=r --filename="/dev/$d2" --direct=1 --ioengine=libaio --rw=randread \
		--bs=4k --iodepth=16 --runtime=10 --time_based --output-format=terse)
	w=$(fio --name=w --filename="/dev/$d2" --direct=1 --ioengine=libaio --rw=randwrite \
		--bs=4k --iodepth=16 --runtime=10 --time_based --output-format=terse)
	riops=$(terse_field "$r" 8)
	wiops=$(terse_field "$w" 49)
	rmmod "$mp" && rmmod scsiport || verify=fail
	t_result "@@RUN scsiport run: miniport=$mp disks=$n verify=$verify read_iops=$riops write_iops=$wiops"
	[ "$verify" = pass ]
}
