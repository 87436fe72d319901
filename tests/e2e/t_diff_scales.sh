# The same program recorded at two known scales: 12345 vs 24690 getppid
# calls and 5 vs 15 failed openat calls.  scprof diff must show exactly
# those deltas in CSV and JSON, rules on them trip (exit 3) and rules off
# them do not (exit 0).
source "$(dirname "$0")/diff_lib.sh"
need_perf
need_diff_target

record base.data -- "$DIFF_TARGET" 12345 5
assert_eq "diff_target: getppid=12345 enoent=5 sleeps=0 sleep_us=100" "$(cat record.stdout)" \
	"the base program's own output"
record new.data -- "$DIFF_TARGET" 24690 15
assert_eq "diff_target: getppid=24690 enoent=15 sleeps=0 sleep_us=100" "$(cat record.stdout)" \
	"the new program's own output"

diff_run 0 --format csv base.data new.data
cp diff.out d.csv
assert_eq 12345 "$(csv_field d.csv getppid calls_base)" "getppid calls, base"
assert_eq 24690 "$(csv_field d.csv getppid calls_new)" "getppid calls, new"
assert_eq 12345 "$(csv_field d.csv getppid calls_change)" "getppid calls change"
assert_eq 100.00 "$(csv_field d.csv getppid calls_change_pct)" "getppid calls change %"
assert_eq 0 "$(csv_field d.csv getppid errors_change)" "getppid errors change"
assert_eq changed "$(csv_field d.csv getppid status)" "getppid status"
# the loader's openat calls are the same on both sides
assert_eq 10 "$(csv_field d.csv openat calls_change)" "openat calls change"
assert_eq 10 "$(csv_field d.csv openat errors_change)" "openat errors change (ENOENT)"
base_errors=$(csv_field d.csv openat errors_base)
assert_between 5 10 "$base_errors" "openat errors, base (5, and any of the loader's)"
assert_eq "" "$(csv_field d.csv openat new_errnos)" "openat new errnos"
[[ -n $(csv_field d.csv getppid p_value) ]] || fail "getppid was not tested (12345 calls a side)"
assert_eq 0 "$(csv_rows d.csv status=appeared)" "syscalls that appeared"
assert_eq 0 "$(csv_rows d.csv status=vanished)" "syscalls that vanished"

diff_run 0 --format json base.data new.data
cp diff.out d.json
assert_eq 12345 "$(json_syscall d.json getppid calls.change)" "JSON getppid calls change"
assert_eq 100.00 "$(json_syscall d.json getppid calls.change_pct)" "JSON getppid calls change %"
assert_eq 10 "$(json_syscall d.json openat errors.change)" "JSON openat errors change"
assert_eq $((base_errors + 10)) "$(json_syscall d.json openat errnos.ENOENT.new)" \
	"JSON openat ENOENT, new"
assert_eq true "$(json_syscall d.json getppid tested)" "JSON getppid tested"
assert_eq 10 "$(json_get d.json total.errors.change)" "JSON total errors change"
assert_eq 12355 "$(json_get d.json total.calls.change)" "JSON total calls change"
assert_eq raw "$(json_get d.json normalize)" "JSON normalize"
assert_eq 1 "$(json_get d.json base.runs)" "JSON base runs"

# scaled so that getppid's calls match: NEW counts halved
diff_run 0 --format csv --per getppid base.data new.data
cp diff.out per.csv
assert_eq 12345 "$(csv_field per.csv getppid calls_new)" "--per getppid: getppid calls, new"
num_eq "$(awk -v e="$base_errors" 'BEGIN { print (e + 10) / 2 }')" \
	"$(csv_field per.csv openat errors_new)" "--per getppid: openat errors, new"

# the gate: rules on the known deltas trip...
diff_run 3 --fail-if 'calls(getppid) > +90%' base.data new.data
assert_eq "scprof: fail-if 'calls(getppid) > +90%' tripped: getppid calls 12345 -> 24690 (+100.0%)" \
	"$(cat diff.err)" "the tripped rule's line"
[[ -s diff.out ]] || fail "no table printed when a rule trips"
diff_run 3 --fail-if 'errors(openat) >= +10' base.data new.data
assert_eq 1 "$(grep -c "^scprof: fail-if 'errors(openat) >= +10' tripped: openat errors $base_errors -> $((base_errors + 10)) (+10, " diff.err)" \
	"the tripped errors rule's line"
diff_run 3 --fail-if 'calls(getppid) >= 24690' --fail-if 'calls(getppid) > 24690' base.data new.data
assert_eq 1 "$(grep -c tripped diff.err)" "one of two rules tripped"
grep -q "^scprof: fail-if 'calls(getppid) >= 24690' tripped" diff.err || fail "wrong rule tripped"
diff_run 3 --fail-if 'errors > 0' base.data new.data
# ...and rules just off them do not
diff_run 0 --fail-if 'errors(openat) > +10' --fail-if 'calls(getppid) > 24690' \
	--fail-if 'calls(getppid) > +100%' --fail-if 'calls(openat) < +10' base.data new.data
assert_eq "" "$(cat diff.err)" "nothing said when no rule trips"
# nothing changed between a recording and itself
diff_run 0 --fail-if 'calls > +0' --fail-if 'errors > +0' base.data base.data

# a bad rule points at the offending character
diff_run 2 --fail-if 'calls(getppid) >> 5' base.data new.data
assert_eq "scprof: invalid --fail-if expression: expected a number (a value, +change or +percent%)
  calls(getppid) >> 5
                  ^
Try 'scprof diff --help' for more information." "$(cat diff.err)" "the bad rule's message"
diff_run 2 --fail-if 'calls(getppdi) > 5' base.data new.data
assert_eq "  calls(getppdi) > 5
        ^" "$(sed -n 2,3p diff.err)" "the caret under an unknown syscall"
diff_run 1 base.data missing.data
