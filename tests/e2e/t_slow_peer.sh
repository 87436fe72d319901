# slow_peer: the parent waits in poll about 10 ms for each of the child's
# five messages; counts per process are exact.
source "$(dirname "$0")/lib.sh"
need_perf
need_example slow_peer

record peer.data -- "$EX/slow_peer"
assert_eq "slow_peer: 5 messages" "$(cat record.stdout)" "slow_peer's output"
report -i peer.data --format csv >all.csv
assert_eq 6 "$(csv_field all.csv poll calls)" "poll calls"
assert_eq 5 "$(csv_field all.csv clock_nanosleep calls)" "clock_nanosleep calls"
assert_eq 1 "$(csv_field all.csv wait4 calls)" "wait4 calls"
assert_eq 6 "$(csv_field all.csv write calls)" "write calls (5 messages + 1 line)"
# Five polls wait about 10 ms, the last (end of file) much less.
assert_between 8000000 15000000 "$(csv_field all.csv poll p50_ns)" "poll p50_ns"
assert_between 10000000 100000000 "$(csv_field all.csv poll max_ns)" "poll max_ns"
assert_between 10000000 15000000 "$(csv_field all.csv clock_nanosleep p50_ns)" "clock_nanosleep p50_ns"

report -i peer.data --format csv --by process >proc.csv
parent=$(csv_field proc.csv poll pid)
child=$(csv_field proc.csv clock_nanosleep pid)
[[ $parent != "$child" ]] || fail "poll and clock_nanosleep should come from two processes"
assert_eq 6 "$(csv_field proc.csv poll calls pid=$parent)" "poll calls of the parent"
assert_eq 1 "$(csv_field proc.csv write calls pid=$parent)" "write calls of the parent"
assert_eq 5 "$(csv_field proc.csv write calls pid=$child)" "write calls of the child"
assert_eq 1 "$(csv_field proc.csv close calls pid=$child)" "close calls of the child"
