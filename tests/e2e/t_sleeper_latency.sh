# sleeper's five 20 ms sleeps: 5 clock_nanosleep calls, median 20-25 ms.
source "$(dirname "$0")/lib.sh"
need_perf
need_example sleeper

record sleep.data -- "$EX/sleeper"
report -i sleep.data --format csv >sleep.csv
assert_eq 5 "$(csv_field sleep.csv clock_nanosleep calls)" "clock_nanosleep calls"
assert_between 20000000 25000000 "$(csv_field sleep.csv clock_nanosleep p50_ns)" "clock_nanosleep p50_ns"
# A relative sleep never ends early.
assert_between 20000000 100000000 "$(csv_field sleep.csv clock_nanosleep min_ns)" "clock_nanosleep min_ns"
assert_between 100000000 200000000 "$(csv_field sleep.csv clock_nanosleep total_ns)" "clock_nanosleep total_ns"

report -i sleep.data --latency >latency.txt
grep -q clock_nanosleep latency.txt || fail "report --latency does not list clock_nanosleep:$(echo; cat latency.txt)"
note "ok: report --latency lists clock_nanosleep"
