# Event loss under overload: with the smallest buffer (-m 1, one 4 KiB page
# per CPU) a storm of 500000 getppid calls overflows it.  The loss is
# counted, not hidden: the recorder prints "lost N events on cpu K", and the
# same total is in the file (LOST records and trailer), in report's JSON
# (lost_events) and as a warning above report's table; the counts are low,
# never high.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

rc=0
"$SCPROF" record -m 1 -o lost.data -- "$FAULT/faultprog" getppid 500000 >lost.stdout 2>lost.stderr || rc=$?
assert_eq 0 "$rc" "exit status of scprof record -m 1"
assert_eq "getppid 500000" "$(cat lost.stdout)" "output of the storm"
grep -Eq '^scprof: lost [0-9]+ events on cpu [0-9]+' lost.stderr ||
	fail "the recorder should say 'lost N events on cpu K', said:$(echo; cat lost.stderr)"
per_cpu=$(sed -En 's/^scprof: lost ([0-9]+) events on cpu [0-9]+.*/\1/p' lost.stderr | awk '{ s += $1 } END { print s + 0 }')
assert_between 1 100000000 "$per_cpu" "events lost (sum of the recorder's per-CPU lines)"
grep -Eq "^scprof: recorded [0-9]+ syscalls \([0-9]+ events, $per_cpu lost\)" lost.stderr ||
	fail "the summary line should count the $per_cpu lost events:$(echo; cat lost.stderr)"
assert_complete lost.data
assert_summary lost.stderr lost.data
assert_eq "$per_cpu" "$(scf lost.data trailer_lost)" "lost events in the trailer"
assert_eq "$per_cpu" "$(scf lost.data lost_records)" "lost events in the LOST records"
report -i lost.data --format json >lost.json
assert_eq "$per_cpu" "$(json_get lost.json lost_events)" "report JSON lost_events"
report -i lost.data >lost.txt
(($(head -n 5 lost.txt | grep -c "warning: the kernel dropped $per_cpu events"))) ||
	fail "report's table header should warn about the $per_cpu dropped events:$(echo; head -n 5 lost.txt)"
note "ok: $(grep -m1 'warning: the kernel dropped' lost.txt)"
assert_between 1 499999 "$(scf_calls lost.data getppid)" "getppid calls recorded despite the loss"

# The advice: a ring that would have held twice what the kernel wrote and
# dropped in the busiest 100 ms (the recorder drains at least that often),
# the same on every CPU's line, a power of two within -m's range, far above
# -m 1; recording again with it loses far less (nothing, on an idle machine).
sizes=$(sed -En "s/^scprof: lost [0-9]+ events on cpu [0-9]+; try a bigger buffer: -m ([0-9]+) would have held the busiest 100 ms(, or run as root.*)?$/\1/p" lost.stderr | sort -u)
assert_eq 1 "$(wc -w <<<"$sizes")" "distinct -m suggestions (lines: $(grep -c 'lost [0-9]* events on cpu' lost.stderr))"
assert_between 16 1048576 "$sizes" "the suggested -m"
(((sizes & (sizes - 1)) == 0)) || fail "the suggested -m $sizes is not a power of two"
record again.data -m "$sizes" -- "$FAULT/faultprog" getppid 500000
lost_again=$(last_lost)
assert_between 0 $((per_cpu / 10)) "$lost_again" "events lost with -m $sizes (with -m 1: $per_cpu)"
