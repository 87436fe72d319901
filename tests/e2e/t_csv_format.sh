# CSV columns as documented, the machine's syscall numbers, and numbers
# that agree with each other and with the JSON report.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

cols=name,nr,calls,errors,total_ns,min_ns,avg_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,partial,partial_ns
record mix.data -- "$EX/syscall_mix"
report -i mix.data --format csv >s.csv
report -i mix.data --format csv --by process >p.csv
report -i mix.data --format csv --by thread >t.csv
report -i mix.data --format json >s.json
assert_eq "$cols" "$(head -1 s.csv)" "CSV header"
assert_eq "pid,comm,$cols" "$(head -1 p.csv)" "CSV header with --by process"
assert_eq "pid,tid,comm,$cols" "$(head -1 t.csv)" "CSV header with --by thread"

nr=$(printf '#include <sys/syscall.h>\nSYS_getppid\n' | cpp -P - | tail -1)
assert_eq "$nr" "$(csv_field s.csv getppid nr)" "getppid's number"

# Every row: min <= p50 <= p90 <= p99 <= p999 <= max, avg = total/calls.
awk -F, 'NR > 1 {
	if (!($6 <= $8 && $8 <= $9 && $9 <= $10 && $10 <= $11 && $11 <= $12 && $6 <= $7 && $7 <= $12)) {
		print "order of min/avg/percentiles/max wrong: " $0; bad = 1 }
	if ($3 > 0 && ($7 - int($5 / $3)) ^ 2 > 1) { print "avg_ns is not total_ns/calls: " $0; bad = 1 }
	if ($4 > $3) { print "more errors than calls: " $0; bad = 1 }
} END { exit bad }' s.csv || fail "inconsistent CSV rows"
note "ok: every row has min <= p50 <= p90 <= p99 <= p999 <= max and avg = total/calls"

for f in calls errors total_ns max_ns; do
	assert_eq "$(csv_field s.csv getppid $f)" "$(json_syscall s.json getppid $f)" "getppid $f, CSV vs JSON"
done
