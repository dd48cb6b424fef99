#!/usr/bin/env bash
# Boot a kernel in QEMU (TCG) with an initramfs and a set of emulated HBAs,
# stream the serial console to a log file, enforce a timeout and exit with the
# guest script's status (see tools/initramfs/init).
#
# usage: run.sh -k KERNEL -i INITRD -l LOG [options]
#   -k FILE      kernel image (bzImage / vmlinuz)
#   -i FILE      initramfs (concatenated cpio archives)
#   -l FILE      where the whole serial log goes
#   -r FILE      the results channel: a virtio console (the guest's
#                /dev/hvc0) written to FILE, apart from the kernel's
#                messages; the exit status is then read from FILE
#   -t SECONDS   timeout (default 600); on expiry QEMU is killed, exit 124
#   -d DIR       directory for disk images (default: a temporary one)
#   -H SPEC      add an HBA; repeatable.  SPEC is
#                TYPE[:DISKS[:SIZE[:OPTS[:DRIVE_OPTS]]]],
#                TYPE one of pvscsi, lsi53c895a, megasas, mptsas1068,
#                virtio-scsi-pci (DISKS scsi-hd disks on its bus), nvme (one
#                controller, DISKS namespaces: the first on the controller,
#                the rest nvme-ns), virtio-blk-pci (DISKS devices, one disk
#                each); DISKS default 1, SIZE default 256M; OPTS more
#                properties of the device, comma separated (e.g. msi=off);
#                DRIVE_OPTS more -drive options for its disks (e.g.
#                throttling.iops-total=1500: a slow disk fills the queue)
#   -a ARGS      extra kernel command line
#   -q ARGS      extra QEMU arguments
#   -c N         vCPUs (default 2)      -m SIZE  memory (default 2G)
#   -M MACHINE   QEMU machine (default q35; pc puts slots 3 and 7 on one
#                INTx line)
#   -v           also print the whole console (default: only "@@" lines)
#   -n           only check that QEMU accepts the HBAs and disks: start it
#                stopped (-S), quit from the monitor; -k/-i/-l not needed
# Exit: the guest's status; 124 timeout; 125 no "@@EXIT" line (panic, crash;
# with -r: none in FILE).
set -euo pipefail

kernel= initrd= log= results= timeout=600 diskdir= append= qargs= cpus=2 mem=2G verbose=0 check=0
machine=q35
hbas=()
while getopts "k:i:l:r:t:d:H:a:q:c:m:M:vn" o; do
	case $o in
	k) kernel=$OPTARG ;; i) initrd=$OPTARG ;; l) log=$OPTARG ;; r) results=$OPTARG ;;
	t) timeout=$OPTARG ;; d) diskdir=$OPTARG ;; H) hbas+=("$OPTARG") ;;
	a) append=$OPTARG ;; q) qargs=$OPTARG ;; c) cpus=$OPTARG ;; m) mem=$OPTARG ;;
	M) machine=$OPTARG ;;
	v) verbose=1 ;;
	n) check=1 ;;
	*) sed -n '2,34p' "$0" >&2; exit 2 ;;
	esac
done
if [ "$check" = 0 ] && { [ -z "$kernel" ] || [ -z "$initrd" ] || [ -z "$log" ]; }; then
	sed -n '2,34p' "$0" >&2
	exit 2
fi

tmpdir=
if [ -z "$diskdir" ]; then
	tmpdir=$(mktemp -d)
	diskdir=$tmpdir
fi
cleanup() { [ -z "$tmpdir" ] || rm -rf "$tmpdir"; }
trap cleanup EXIT

devargs=()
n=0
for spec in "${hbas[@]}"; do
	IFS=: read -r type ndisks size opts dopts <<<"$spec"
	ndisks=${ndisks:-1}
	size=${size:-256M}
	img() {
		local f=$diskdir/hba$n-disk$1.img
		[ -f "$f" ] || truncate -s "$size" "$f"
		devargs+=(-drive "file=$f,if=none,id=hba$n-d$1,format=raw,cache=unsafe,aio=threads${dopts:+,$dopts}")
	}
	case $type in
	nvme)
		img 0
		devargs+=(-device "nvme,id=hba$n,serial=spnvme$n,drive=hba$n-d0${opts:+,$opts}")
		for ((d = 1; d < ndisks; d++)); do
			img "$d"
			devargs+=(-device "nvme-ns,drive=hba$n-d$d,bus=hba$n,nsid=$((d + 1))")
		done ;;
	virtio-blk-pci)
		for ((d = 0; d < ndisks; d++)); do
			img "$d"
			devargs+=(-device "virtio-blk-pci,id=hba$n-$d,drive=hba$n-d$d${opts:+,$opts}")
		done ;;
	pvscsi | lsi53c895a | megasas | mptsas1068 | virtio-scsi-pci)
		devargs+=(-device "$type,id=hba$n${opts:+,$opts}")
		for ((d = 0; d < ndisks; d++)); do
			img "$d"
			case $type in
			virtio-scsi-pci) devargs+=(-device "scsi-hd,drive=hba$n-d$d,bus=hba$n.0,channel=0,scsi-id=$d,lun=0") ;;
			*) devargs+=(-device "scsi-hd,drive=hba$n-d$d,bus=hba$n.0,scsi-id=$d") ;;
			esac
		done ;;
	*)
		echo "run.sh: unknown HBA type '$type' (pvscsi, lsi53c895a, megasas, mptsas1068, virtio-scsi-pci, nvme, virtio-blk-pci)" >&2
		exit 2 ;;
	esac
	n=$((n + 1))
done

if [ "$check" = 1 ]; then
	echo quit | timeout 30 qemu-system-x86_64 -machine "$machine" -accel tcg -S \
		-display none -serial none -monitor stdio "${devargs[@]}" > /dev/null
	exit $?
fi

mkdir -p "$(dirname "$log")"
: > "$log"
# The results channel goes last: devices with no address take the next free
# slot, after the HBAs and anything -q placed.
resargs=()
if [ -n "$results" ]; then
	: > "$results"
	resargs=(-device virtio-serial-pci,id=spres -chardev "file,id=spres,path=$results"
		-device virtconsole,chardev=spres,bus=spres.0)
fi
# Not under set -e: the pipeline's status is read below.  timeout(1) exits
# 124 when QEMU ended on its TERM, 137 when it had to KILL it 5 s later.
t0=$SECONDS
set +e
# shellcheck disable=SC2086
# no5lvl: TCG's "max" CPU has LA57, and our KASAN kernel (X86_5LEVEL=y) then
# boots with 5-level paging, where an interrupt taken very early in boot
# (before any module of ours exists) once drew a KASAN wild-memory-access
# report from handle_edge_irq.  4-level paging is what real machines run.
timeout --foreground -k 5 "$timeout" qemu-system-x86_64 \
	-machine "$machine" -accel tcg,thread=multi -cpu max -smp "$cpus" -m "$mem" \
	-display none -monitor none -serial stdio -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0,115200 panic=-1 printk.time=1 no5lvl $append" \
	"${devargs[@]}" $qargs "${resargs[@]}" </dev/null 2>&1 |
	tee -a "$log" |
	if [ "$verbose" = 1 ]; then cat; else grep --line-buffered -a '^@@' || true; fi
status=("${PIPESTATUS[@]}")
set -e
if [ "${status[0]}" = 124 ] || { [ "${status[0]}" = 137 ] && [ $((SECONDS - t0)) -ge "$timeout" ]; }; then
	echo "qemu: timeout after ${timeout}s (log: $log)" >&2
	exit 124
fi
rc=$(tr -d '\r' < "${results:-$log}" | sed -n 's/^@@EXIT \([0-9]*\)$/\1/p' | tail -n 1)
[ -n "$rc" ] || { echo "qemu: guest did not finish (no @@EXIT in ${results:-$log}; panic or crash?), log: $log" >&2; exit 125; }
exit "$rc"
