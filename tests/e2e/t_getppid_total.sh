# syscall_mix makes exactly MAIN+THREAD+CHILD getppid calls; the report
# counts every one, with default and with other counts.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

record mix.data -- "$EX/syscall_mix"
assert_eq "syscall_mix: getppid main=12345 thread=2345 child=345, ENOENT 77, EBADF 23" \
	"$(cat record.stdout)" "the recorded program's own output"
report -i mix.data --format csv >mix.csv
assert_eq 15035 "$(csv_field mix.csv getppid calls)" "getppid calls (12345+2345+345)"
assert_eq 0 "$(csv_field mix.csv getppid errors)" "getppid errors"

record small.data -- "$EX/syscall_mix" 1000 200 30 5 7
report -i small.data --format csv >small.csv
assert_eq 1230 "$(csv_field small.csv getppid calls)" "getppid calls of syscall_mix 1000 200 30"
