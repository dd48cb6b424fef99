# KUnit: load the shim and the suites module (the suites run at load),
# report kunit-load, and put every suite's KTAP on the results channel.

run_kunit() {
	insmod "$MODDIR/scsiport.ko" || { t_fail kunit-load "insmod scsiport"; return 1; }
	insmod "$MODDIR/scsiport_kunit.ko" || { t_fail kunit-load "insmod scsiport_kunit"; rmmod scsiport; return 1; }
	t_pass kunit-load
	for s in /sys/kernel/debug/kunit/*/results; do
		case $s in
		*/scsiport*) ;;
		*) continue ;;
		esac
		{
			echo "@@KTAP-BEGIN ${s%/results}"
			cat "$s"
			echo "@@KTAP-END"
		} >&3
	done
	rmmod scsiport_kunit && rmmod scsiport
}
