# shellcheck shell=bash
# Counting results (sourced by tools/test.sh and tools/selftest.sh after
# tools/lib.sh and tools/vm.sh).  pass/fail append to $RESULTS and count;
# vm_collect and kunit_collect read what one VM reported on its results
# channel (build/logs/ID.results) against the list of tests it must report
# (build/logs/ID.expect, written by vm_plan in tools/test.sh): a test on
# the list that did not report fails as "missing", one that reported but is
# not on the list fails as "unexpected", and so does a VM without @@EXIT.

RESULTS=${RESULTS:-$BUILD/test-results.txt}
npass=0
nfail=0
pass() { npass=$((npass + 1)); echo "PASS $1" >> "$RESULTS"; echo "  PASS $1"; }
fail() { nfail=$((nfail + 1)); echo "FAIL $1${2:+: $2}" >> "$RESULTS"; echo "  FAIL $1${2:+: $2}"; }

# missing NAME WHY / unexpected NAME WHY: the line a human looks for, and a
# failure
missing() { echo "  missing: $1"; fail "$1" "missing: $2"; }
unexpected() { echo "  unexpected: $1"; fail "$1" "unexpected: $2"; }

# run_rc_why RC: what a tools/qemu/run.sh status other than the guest's means
run_rc_why() {
	case $1 in
	124) echo "QEMU timed out" ;;
	125) echo "no @@EXIT (panic or crash?)" ;;
	*) echo "run.sh exit $1" ;;
	esac
}

# vm_collect ID KERNEL: the VM's progress lines, its results (names get
# [KERNEL]) checked against ID.expect, its exit status and its kernel log.
vm_collect() {
	local id=$1 k=$2 rc secs bad tag verdict name why ex="" t
	local logs=$BUILD/logs
	local -A want=() seen=()
	read -r rc secs < "$logs/$id.rc"
	step "results of $id ($k, ${secs} s)"
	[ ! -f "$logs/$id.retry" ] || sed 's/^@@/  /' "$logs/$id.retry"
	grep -a '^@@' "$logs/$id.out" | grep -av '^@@TEST\|^@@KTAP\|^@@EXIT' | sed 's/^@@/   /'
	while read -r t; do [ -z "$t" ] || want[$t]=1; done < "$logs/$id.expect"
	while read -r tag verdict name why; do
		if [ "$tag" = @@EXIT ]; then
			ex=$verdict
			continue
		fi
		if [ -z "$name" ] || { [ "$verdict" != PASS ] && [ "$verdict" != FAIL ]; }; then
			fail "results[$id]" "bad line: $tag $verdict $name $why"
			continue
		fi
		if [ -n "${seen[$name]:-}" ]; then
			fail "${name}[$k]" "reported twice"
			continue
		fi
		seen[$name]=1
		if [ -z "${want[$name]:-}" ]; then
			unexpected "${name}[$k]" "not in the list of $id (${verdict,,}ed${why:+: $why})"
		elif [ "$verdict" = PASS ]; then
			pass "${name}[$k]"
		else
			fail "${name}[$k]" "$why"
		fi
	done < <(tr -d '\r' < "$logs/$id.results" 2>/dev/null | grep -a '^@@TEST \|^@@EXIT ')
	while read -r t; do
		[ -z "$t" ] || [ -n "${seen[$t]:-}" ] || missing "${t}[$k]" "never reported by $id"
	done < "$logs/$id.expect"
	if [ -z "$ex" ]; then
		missing "vm-exit[$id]" "no @@EXIT on the results channel ($(run_rc_why "$rc")), log build/logs/$id.log"
	elif [ "$ex" != 0 ]; then
		fail "vm-exit[$id]" "guest exit $ex, log build/logs/$id.log"
	elif [ "$rc" != 0 ]; then
		fail "vm-exit[$id]" "$(run_rc_why "$rc"), log build/logs/$id.log"
	else
		pass "vm-exit[$id]"
	fi
	bad=$(log_problems "$logs/$id.log" "$ROOT/tools/guest/allow/$id" | head -n 20)
	glitch_note "$logs/$id.log"
	# a foreign miniport's: foreign-NAME-no-kernel-report[KERNEL]
	local clean="kernel-log-clean[$id]"
	case $id in foreign-*) clean="${id%-"$k"}-no-kernel-report[$k]" ;; esac
	if [ -z "$bad" ]; then pass "$clean"; else echo "$bad"; fail "$clean" "see build/logs/$id.log"; fi
}

# kunit_expected: kunit:SUITE.CASE for every KUNIT_CASE* in kunit/*.c, the
# suite being the struct kunit_suite that follows the case array
kunit_expected() {
	awk '
	/KUNIT_CASE[A-Z_]*\(/ {
		c = $0
		sub(/.*KUNIT_CASE[A-Z_]*\( */, "", c)
		sub(/[ ,)].*/, "", c)
		cases[++n] = c
	}
	/^(static )?struct kunit_suite [A-Za-z0-9_]+ *= *\{/ { insuite = 1 }
	insuite && /\.name *= *"/ {
		s = $0
		sub(/.*\.name *= *"/, "", s)
		sub(/".*/, "", s)
		for (i = 1; i <= n; i++) print "kunit:" s "." cases[i]
		n = 0
		insuite = 0
	}' "$ROOT"/kunit/*.c
}

# kunit_collect: the KTAP of the kunit VM (its results channel), one result
# per case, checked against kunit_expected
kunit_collect() {
	local body kparse verdict name kp
	local ktap=$BUILD/logs/kunit.ktap
	local -A want=() seen=()
	# one KTAP document per suite (debugfs results files): merge them into
	# one, with a single header and the suites numbered 1..N
	body=$(tr -d '\r' < "$BUILD/logs/kunit.results" 2>/dev/null | sed -n '/^@@KTAP-BEGIN/,/^@@KTAP-END/p' |
		grep -v '^@@KTAP' | grep -vE '^(KTAP version 1|1\.\.[0-9]+)$' |
		awk '/^(not )?ok [0-9]+ / { n++; sub(/ok [0-9]+ /, "ok " n " ") } { print }')
	printf 'KTAP version 1\n1..%s\n%s\n' "$(grep -cE '^(not )?ok ' <<< "$body")" "$body" > "$ktap"
	kp=${TEST_KDIR:-}/source/tools/testing/kunit/kunit.py
	if [ -f "$kp" ]; then
		kparse=$(python3 "$kp" parse "$ktap" 2>&1)
		echo "$kparse" | grep -E 'Testing complete|FAILED|CRASHED' | sed 's/^/   /'
	fi
	# a failed case's own diagnostics (its "# ..." lines), so CI shows why
	awk '/^    (not )?ok [0-9]+ /{ if ($1 == "not") printf "%s", buf; buf = ""; next }
	     /^    /{ buf = buf "     " $0 "\n" }' "$ktap"
	while read -r name; do want[$name]=1; done < <(kunit_expected)
	# every test case of every suite counts: "ok N name" at case depth
	while read -r verdict name; do
		name=kunit:$name
		if [ -n "${seen[$name]:-}" ]; then fail "$name" "reported twice"; continue; fi
		seen[$name]=1
		if [ -z "${want[$name]:-}" ]; then unexpected "$name" "no such KUNIT_CASE in kunit/*.c"
		elif [ "$verdict" = ok ]; then pass "$name"
		else fail "$name"; fi
	done < <(awk '/^    # Subtest: /{suite=$3} /^    (not )?ok [0-9]+ /{v=($1=="not")?"fail":"ok"; n=(v=="ok")?$3:$4; print v, suite "." n}' "$ktap")
	grep -qE "^(not )?ok " "$ktap" || fail kunit-ran "no KTAP output"
	while read -r name; do
		[ -n "${seen[$name]:-}" ] || missing "$name" "no result in the KTAP of the kunit VM"
	done < <(kunit_expected)
}
