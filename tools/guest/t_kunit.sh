# KUnit: load the shim and the suites module, print every suite's KTAP.

run_kunit() {
	insmod "$MODDIR/scsiport.ko" || { t_fail kunit-load "insmod scsiport"; return; }
	insmod "$MODDIR/scsiport_kunit.ko"
	for s in /sys/kernel/debug/kunit/*/results; do
		case $s in
		*/scsiport*) ;;
		*) continue ;;
		esac
		echo "@@KTAP-BEGIN ${s%/results}"
		cat "$s"
		echo "@@KTAP-END"
	done
	rmmod scsiport_kunit
	rmmod scsiport
}
