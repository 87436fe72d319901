# record --counters context-switches: each 1 ms nanosleep leaves the CPU at
# least once, so each clock_nanosleep call counts at least one context
# switch, even when the thread wakes on another CPU (two busy loops keep
# both CPUs loaded meanwhile, so threads move).
source "$(dirname "$0")/counters_lib.sh"
need_perf
need_counters_target

for i in 1 2; do
	timeout 20 sh -c 'while :; do :; done' &
	kill_at_exit $!
done
record sleep.data --counters context-switches,cpu-migrations -- "$COUNTERS_TARGET" sleep 200
lines=$(dump_calls sleep.data clock_nanosleep)
assert_eq 200 "$(grep -c . <<<"$lines")" "clock_nanosleep calls"
short=$(while read -r l; do c=$(call_counters "$l"); ((${c%% *} >= 1)) || echo "$l"; done <<<"$lines")
[[ -z $short ]] || fail "calls without a context switch:$(echo; echo "$short")"
report -i sleep.data --format csv >s.csv
assert_between 200 100000 "$(csv_field s.csv clock_nanosleep context-switches)" "context-switches of clock_nanosleep"
note "ok: 200 nanosleeps, each with at least one context switch ($(csv_field s.csv clock_nanosleep cpu-migrations) migrations)"
