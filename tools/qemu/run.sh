#!/usr/bin/env bash
# Boot a kernel in QEMU (TCG) with an initramfs and a set of emulated HBAs,
# stream the serial console to a log file, enforce a timeout and exit with the
# guest script's status (see tools/initramfs/init).
#
# usage: run.sh -k KERNEL -i INITRD -l LOG [options]
#   -k FILE      kernel image (bzImage / vmlinuz)
#   -i FILE      initramfs (concatenated cpio archives)
#   -l FILE      where the whole serial log goes
#   -t SECONDS   timeout (default 600); on expiry QEMU is killed, exit 124
#   -d DIR       directory for disk images (default: a temporary one)
#   -H SPEC      add an HBA; repeatable.  SPEC is TYPE[:DISKS[:SIZE]], TYPE one
#                of pvscsi, lsi53c895a, megasas, mptsas1068, virtio-scsi-pci;
#                DISKS scsi-hd disks (default 1) of SIZE (default 256M)
#   -a ARGS      extra kernel command line
#   -q ARGS      extra QEMU arguments
#   -c N         vCPUs (default 2)      -m SIZE  memory (default 2G)
#   -v           also print the whole console (default: only "@@" lines)
# Exit: the guest's status; 124 timeout; 125 no "@@EXIT" line (panic, crash).
set -euo pipefail

kernel= initrd= log= timeout=600 diskdir= append= qargs= cpus=2 mem=2G verbose=0
hbas=()
while getopts "k:i:l:t:d:H:a:q:c:m:v" o; do
	case $o in
	k) kernel=$OPTARG ;; i) initrd=$OPTARG ;; l) log=$OPTARG ;;
	t) timeout=$OPTARG ;; d) diskdir=$OPTARG ;; H) hbas+=("$OPTARG") ;;
	a) append=$OPTARG ;; q) qargs=$OPTARG ;; c) cpus=$OPTARG ;; m) mem=$OPTARG ;;
	v) verbose=1 ;;
	*) sed -n '2,20p' "$0" >&2; exit 2 ;;
	esac
done
[ -n "$kernel" ] && [ -n "$initrd" ] && [ -n "$log" ] || { sed -n '2,20p' "$0" >&2; exit 2; }

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
	IFS=: read -r type ndisks size <<<"$spec"
	ndisks=${ndisks:-1}
	size=${size:-256M}
	devargs+=(-device "$type,id=hba$n")
	for ((d = 0; d < ndisks; d++)); do
		img=$diskdir/hba$n-disk$d.img
		[ -f "$img" ] || truncate -s "$size" "$img"
		devargs+=(-drive "file=$img,if=none,id=hba$n-d$d,format=raw,cache=unsafe,aio=threads")
		case $type in
		virtio-scsi-pci) devargs+=(-device "scsi-hd,drive=hba$n-d$d,bus=hba$n.0,channel=0,scsi-id=$d,lun=0") ;;
		*) devargs+=(-device "scsi-hd,drive=hba$n-d$d,bus=hba$n.0,scsi-id=$d") ;;
		esac
	done
	n=$((n + 1))
done

mkdir -p "$(dirname "$log")"
: > "$log"
# shellcheck disable=SC2086
# no5lvl: TCG's "max" CPU has LA57, and our KASAN kernel (X86_5LEVEL=y) then
# boots with 5-level paging, where an interrupt taken very early in boot
# (before any module of ours exists) once drew a KASAN wild-memory-access
# report from handle_edge_irq.  4-level paging is what real machines run.
timeout --foreground -k 5 "$timeout" qemu-system-x86_64 \
	-machine q35 -accel tcg,thread=multi -cpu max -smp "$cpus" -m "$mem" \
	-display none -monitor none -serial stdio -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0,115200 panic=-1 printk.time=1 no5lvl $append" \
	"${devargs[@]}" $qargs </dev/null 2>&1 |
	tee -a "$log" |
	if [ "$verbose" = 1 ]; then cat; else grep --line-buffered -a '^@@' || true; fi
status=("${PIPESTATUS[@]}")
[ "${status[0]}" = 124 ] || [ "${status[0]}" = 137 ] && { echo "qemu: timeout after ${timeout}s (log: $log)" >&2; exit 124; }
rc=$(tr -d '\r' < "$log" | sed -n 's/^@@EXIT \([0-9]*\)$/\1/p' | tail -n 1)
[ -n "$rc" ] || { echo "qemu: guest did not finish (no @@EXIT; panic or crash?), log: $log" >&2; exit 125; }
exit "$rc"
