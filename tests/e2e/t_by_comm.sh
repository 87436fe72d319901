# --by comm: syscall_mix's getppid calls by thread name (each thread is
# renamed with prctl before its calls).
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

record mix.data -- "$EX/syscall_mix"
report -i mix.data --format csv --by comm >comm.csv
assert_eq "comm,name,nr,calls,errors,total_ns,min_ns,avg_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,partial,partial_ns" \
	"$(head -1 comm.csv)" "CSV header with --by comm"
assert_eq 3 "$(csv_rows comm.csv name=getppid)" "names that called getppid"
assert_eq 12345 "$(csv_field comm.csv getppid calls comm=syscall_mix)" "getppid calls of syscall_mix"
assert_eq 2345 "$(csv_field comm.csv getppid calls comm=mix-thread)" "getppid calls of mix-thread"
assert_eq 345 "$(csv_field comm.csv getppid calls comm=mix-child)" "getppid calls of mix-child"
