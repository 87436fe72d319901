# Three recordings a side, pooled.  The same program on both sides shows
# no significant latency change for getppid (run-to-run noise included);
# sleeps of 100 us against sleeps of 10 ms do.
#
# A correct test at alpha 0.01 calls 1% of identical pairs different, so
# the identical case records afresh once before failing.  Its runs are
# recorded alternately, so that a load that changes meanwhile is noise
# on both sides rather than a difference between them.
source "$(dirname "$0")/diff_lib.sh"
need_perf
need_diff_target

record_runs()
{
	local prefix=$1 i
	shift
	for i in 1 2 3; do
		record "$prefix$i.data" -- "$DIFF_TARGET" "$@"
	done
}

identical_case()
{
	# a1 b1 a2 b2 a3 b3: a machine whose load changes while the six
	# runs are recorded slows both sides alike (all of A, then all of B
	# made load that came or went a difference between the sides)
	local i
	for i in 1 2 3; do
		record "a$i.data" -- "$DIFF_TARGET" 12345 5
		record "b$i.data" -- "$DIFF_TARGET" 12345 5
	done
	diff_run 0 --format csv a1.data,a2.data,a3.data b1.data,b2.data,b3.data
	cp diff.out same.csv
	assert_eq 12345 "$(csv_field same.csv getppid calls_base)" "getppid calls per recording, base"
	assert_eq 0 "$(csv_field same.csv getppid calls_change)" "getppid calls change"
	assert_eq 0 "$(csv_field same.csv openat errors_change)" "openat errors change"
	[[ -n $(csv_field same.csv getppid p_value) ]] || fail "getppid was not tested"
	note "getppid: p = $(csv_field same.csv getppid p_value), avg $(csv_field same.csv getppid avg_ns_base) -> $(csv_field same.csv getppid avg_ns_new) ns"
	[[ $(csv_field same.csv getppid significant) == false ]]
}

if ! identical_case; then
	note "significant on identical runs; recording afresh once"
	identical_case || fail "getppid: a significant latency change between identical runs, twice"
fi
note "ok: getppid: no significant latency change between identical runs"
# the table marks its latency changes as within noise
diff_run 0 a1.data,a2.data,a3.data b1.data,b2.data,b3.data
grep -q '^getppid .*%~ ' diff.out || fail "getppid's latency changes are not marked '~'"
grep -q 'run-to-run noise included' diff.out || fail "the legend does not mention run-to-run noise"
# a rule on a latency change does not trip on noise
diff_run 0 --fail-if 'p50(getppid) > +0%' --fail-if 'p50(getppid) < -0%' \
	--fail-if 'p50(getppid) == +0%' a1.data,a2.data,a3.data b1.data,b2.data,b3.data

# a real latency change: 30 sleeps of 100 us against 30 of 10 ms.  Far
# above what a busy machine adds to a sleep: with 1 ms, a loaded machine
# (load 9 on 2 cores) stretched the 100 us sleeps of one run to 175 us
# and more, and the run-to-run noise hid the change (p = 0.028).
record_runs s 0 0 30 100
record_runs l 0 0 30 10000
diff_run 3 --format json --fail-if 'p50(clock_nanosleep) > +100%' s1.data,s2.data,s3.data \
	l1.data,l2.data,l3.data
cp diff.out sleep.json
assert_eq 30 "$(json_syscall sleep.json clock_nanosleep calls.new)" "clock_nanosleep calls per recording"
assert_eq true "$(json_syscall sleep.json clock_nanosleep significant)" \
	"clock_nanosleep: 100 us -> 10 ms is significant"
assert_eq true "$(json_get sleep.json 'gate[0].tripped')" "the p50 rule tripped"
grep -q "^scprof: fail-if 'p50(clock_nanosleep) > +100%' tripped: clock_nanosleep p50 " diff.err ||
	fail "no line for the tripped p50 rule"
