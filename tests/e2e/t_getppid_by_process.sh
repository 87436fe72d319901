# --by process: the main process has the getppid calls of both its threads,
# the forked child its own.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

record mix.data -- "$EX/syscall_mix"
report -i mix.data --format csv --by process >proc.csv
[[ $(head -1 proc.csv) == pid,comm,name,* ]] || fail "--by process header: $(head -1 proc.csv)"
assert_eq 2 "$(csv_rows proc.csv name=getppid)" "processes that called getppid"
assert_eq 14690 "$(csv_field proc.csv getppid calls comm=syscall_mix)" \
	"getppid calls of the main process (12345+2345)"
assert_eq 345 "$(csv_field proc.csv getppid calls comm=mix-child)" "getppid calls of the child process"
assert_eq 15035 "$(csv_sum proc.csv calls name=getppid)" "getppid calls over all processes"
