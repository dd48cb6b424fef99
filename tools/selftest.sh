#!/usr/bin/env bash
# The harness's own tests, without booting a kernel (make test and make
# check run it as a step of their own): the collector (tools/collect.sh)
# on made-up results - a missing test, an unexpected one, a result line
# split by a kernel message on the console, no @@EXIT, a non-zero @@EXIT,
# KUnit cases missing - and tools/qemu/run.sh with a fake QEMU: a timeout
# (TERM, and KILL for a QEMU that ignores TERM) prints "qemu: timeout" and
# exits 124, the exit status comes from the results channel.
# Prints "PASS name" / "FAIL name: why" per case; exit 1 on any failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/tools/vm.sh"

ST=$(mktemp -d)
trap 'rm -rf "$ST"' EXIT
nbad=0
ok() { echo "PASS selftest:$1"; }
bad() { echo "FAIL selftest:$1: $2"; nbad=$((nbad + 1)); }

# The collector under test runs in a subshell with its own RESULTS and
# BUILD; VM id "t", kernel "k".
logs=$ST/build/logs
mkdir -p "$logs"

# fixture EXPECT RC: expected names (one string), run.sh status; the
# results channel is stdin (written with \r\n, as the guest's tty does),
# the console log is $ST/console (default: a clean boot)
fixture() {
	printf '%s\n' $1 > "$logs/t.expect"
	echo "$2 7" > "$logs/t.rc"
	sed 's/$/\r/' > "$logs/t.results"
	[ -f "$ST/console" ] || printf '[    0.000000] Linux version 6.12\n@@BOOT kernel=x uptime=1\n' > "$ST/console"
	cp "$ST/console" "$logs/t.log"
	grep -a '^@@' "$ST/console" > "$logs/t.out" || true
	rm -f "$ST/console"
}

# collect_case NAME PASSES FAILS [TEXT...]: vm_collect on the fixture gives
# that many passes and failures, and prints each TEXT
collect_case() {
	local name=$1 np=$2 nf=$3 out got t
	shift 3
	out=$( (set +e
		BUILD=$ST/build RESULTS=$ST/results.txt
		. "$ROOT/tools/collect.sh"
		: > "$RESULTS"
		vm_collect t k
		echo "counts $npass $nfail") 2>&1)
	got=$(echo "$out" | sed -n 's/^counts //p')
	if [ "$got" != "$np $nf" ]; then
		bad "$name" "$got passed/failed, $np $nf expected"; echo "$out" | sed 's/^/    /'; return
	fi
	for t in "$@"; do
		grep -qF -- "$t" <<< "$out" || { bad "$name" "no \"$t\" in its output"; echo "$out" | sed 's/^/    /'; return; }
	done
	ok "$name"
}

# All reported, one failing; the console copy of one result is split by a
# kernel message (the old console grep lost it), counted once.
cat > "$ST/console" <<'EOF'
@@BOOT kernel=x uptime=1
@@TEST PASS a
@@TEST PA[    5.100000] sd 0:0:0:0: [sda] Synchronizing SCSI cache
SS b
@@TEST FAIL c exit 1: no disk
@@EXIT 0
EOF
fixture "a b c" 0 <<'EOF'
@@TEST PASS a
@@TEST PASS b
@@TEST FAIL c exit 1: no disk
@@EXIT 0
EOF
# a b vm-exit kernel-log-clean pass, c fails
collect_case split-console 4 1 "PASS b[k]" "FAIL c[k]: exit 1: no disk" "PASS vm-exit[t]"

fixture "a b c" 0 <<'EOF'
@@TEST PASS a
@@TEST PASS b
@@EXIT 0
EOF
collect_case missing-test 4 1 "missing: c[k]" "FAIL c[k]: missing"

fixture "a" 0 <<'EOF'
@@TEST PASS a
@@TEST PASS zz
@@EXIT 0
EOF
collect_case unexpected-test 3 1 "unexpected: zz[k]" "FAIL zz[k]: unexpected"

fixture "a b" 125 <<'EOF'
@@TEST PASS a
EOF
collect_case no-exit 2 2 "missing: b[k]" "missing: vm-exit[t]" "no @@EXIT (panic or crash?)"

fixture "a" 3 <<'EOF'
@@TEST PASS a
@@EXIT 3
EOF
collect_case exit-nonzero 2 1 "FAIL vm-exit[t]: guest exit 3"

fixture "a" 124 <<'EOF'
@@TEST PASS a
@@EXIT 0
EOF
collect_case exit-but-timeout 2 1 "FAIL vm-exit[t]: QEMU timed out"

fixture "a" 0 <<'EOF'
@@TEST PASS a
@@TEST FAIL a exit 1: again
@@EXIT 0
EOF
collect_case reported-twice 3 1 "FAIL a[k]: reported twice"

fixture "a" 0 <<'EOF'
@@TEST PASS
@@TEST PASS a
@@EXIT 0
EOF
collect_case bad-line 3 1 "FAIL results[t]: bad line"

# nothing at all on the results channel (no virtio console in the guest)
fixture "a b" 125 < /dev/null
collect_case no-channel 1 3 "missing: a[k]" "missing: b[k]" "missing: vm-exit[t]"

# KUnit: the cases in kunit/*.c against the KTAP on the results channel;
# the first case left out and one made up
kunit_case() {
	local out got all first ktap
	all=$( (. "$ROOT/tools/collect.sh"; kunit_expected) )
	first=$(head -n 1 <<< "$all")
	ktap=$(awk -v skip="$first" '
		{ sub(/^kunit:/, ""); split($0, sc, "."); s = sc[1] }
		s != last {
			if (last != "") print "@@KTAP-END"
			print "@@KTAP-BEGIN /sys/kernel/debug/kunit/" s
			print "KTAP version 1"; print "1..1"; print "    # Subtest: " s
			last = s; n = 0
		}
		"kunit:" $0 != skip { print "    ok " ++n " " sc[2] }
		END { print "    ok " ++n " sp_made_up_case"; print "ok 1 " last; print "@@KTAP-END" }' <<< "$all")
	printf '%s\n' "$ktap" | sed 's/$/\r/' > "$logs/kunit.results"
	out=$( (set +e
		BUILD=$ST/build RESULTS=$ST/results.txt TEST_KDIR=
		. "$ROOT/tools/collect.sh"
		kunit_collect
		echo "counts $npass $nfail") 2>&1)
	got=$(echo "$out" | sed -n 's/^counts //p')
	if [ "$got" = "$(($(wc -l <<< "$all") - 1)) 2" ] && grep -qF "missing: $first" <<< "$out" &&
	   grep -q "unexpected: kunit:.*\.sp_made_up_case" <<< "$out"; then
		ok kunit-missing-unexpected
	else
		bad kunit-missing-unexpected "counts $got"; echo "$out" | grep -v PASS | sed 's/^/    /'
	fi
}
kunit_case

# The guest library itself (tools/guest/lib.sh, under the host's sh): every
# fio gets --allow_file_create=0 (a job that reopens a removed disk's node
# must fail, not write a regular file in its place), and t_run removes a
# regular file left where a disk's node belongs, saying so; T_PREFIX goes in
# front of a result's name (make test-win).
guest_case() {
	local g=$ST/guest out
	mkdir -p "$g/bin" "$g/dev"
	printf '#!/bin/sh\necho "$*" >> %s/fio.args\n' "$g" > "$g/bin/fio"
	chmod +x "$g/bin/fio"
	out=$(cd "$ROOT/tools/guest" && PATH=$g/bin:$PATH DEV_DIR=$g/dev sh -c '
		. ./lib.sh
		LOG=$1/log
		t_run g-fio fio --name=x --filename="$DEV_DIR/sda"
		echo stale > "$DEV_DIR/sdb"
		t_run g-sweep true
		T_PREFIX=win- t_run g-prefixed true' sh "$g" 3>"$g/results" 2>&1)
	if ! grep -q -- "--allow_file_create=0 --name=x" "$g/fio.args"; then
		bad guest-fio-no-create "fio ran as: $(cat "$g/fio.args")"
	elif [ -e "$g/dev/sdb" ] || ! grep -qF "g-sweep left a regular file $g/dev/sdb" <<< "$out"; then
		bad guest-dev-sweep "$g/dev/sdb: $(ls -l "$g/dev/sdb" 2>&1); output: $out"
	elif [ "$(grep -c '^@@TEST PASS g-' "$g/results")" != 2 ] ||
	     ! grep -q '^@@TEST PASS win-g-prefixed$' "$g/results"; then
		bad guest-results "results channel: $(cat "$g/results")"
	else
		ok guest-fio-dev-sweep
	fi
}
guest_case

# tools/qemu/run.sh with a fake QEMU (FAKE_QEMU says how it behaves)
mkdir -p "$ST/bin"
cat > "$ST/bin/qemu-system-x86_64" <<'EOF'
#!/usr/bin/env bash
res=
for a in "$@"; do case $a in file,id=spres,path=*) res=${a#*path=} ;; esac; done
case $FAKE_QEMU in
term) exec sleep 60 ;;
ignore) trap '' TERM; while :; do sleep 1; done ;;
results) echo "@@EXIT 0"; printf '@@EXIT 7\r\n' > "$res" ;;
console) echo "@@EXIT 0" ;;
esac
EOF
chmod +x "$ST/bin/qemu-system-x86_64"
# run_case NAME MODE TIMEOUT RC [TEXT]: run.sh exits RC and prints TEXT
# (with -r, the results channel, for the modes that write one)
run_case() {
	local name=$1 mode=$2 t=$3 want=$4 text=${5:-} out rc=0 t0=$SECONDS res=()
	case $mode in results | console) res=(-r "$ST/run.results") ;; esac
	out=$(FAKE_QEMU=$mode PATH=$ST/bin:$PATH "$ROOT/tools/qemu/run.sh" -k /dev/null -i /dev/null \
		-l "$ST/run.log" "${res[@]}" -t "$t" 2>&1) || rc=$?
	if [ "$rc" != "$want" ]; then bad "$name" "exit $rc, $want expected ($out)"
	elif [ -n "$text" ] && ! grep -qF "$text" <<< "$out"; then bad "$name" "no \"$text\" in \"$out\""
	else ok "$name"; echo "  ($((SECONDS - t0)) s: $(echo $out))"; fi
}
run_case run-timeout-term term 1 124 "qemu: timeout"
run_case run-timeout-kill ignore 1 124 "qemu: timeout"
run_case run-exit-from-results results 30 7
run_case run-exit-not-on-console console 30 125 "no @@EXIT"

[ "$nbad" -eq 0 ]
