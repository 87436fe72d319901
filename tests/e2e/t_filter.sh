# -e trace=SET: at record time only those syscalls are recorded; at report
# time only those are shown.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

record only.data -e trace=getppid -- "$EX/syscall_mix"
report -i only.data --format csv >only.csv
assert_eq 1 "$(csv_rows only.csv)" "rows of a recording made with -e trace=getppid"
assert_eq 15035 "$(csv_field only.csv getppid calls)" "getppid calls with -e trace=getppid"

record all.data -- "$EX/syscall_mix"
report -i all.data --format csv -e trace=openat,close >some.csv
assert_eq "close openat" "$(awk -F, 'NR > 1 { print $1 }' some.csv | sort | xargs)" \
	"syscalls shown by report -e trace=openat,close"
assert_eq 77 "$(csv_field some.csv openat errors)" "openat errors with report -e"

report -i all.data --format csv -e 'trace=!getppid' >not.csv
assert_eq 0 "$(csv_rows not.csv name=getppid)" "getppid rows of report -e 'trace=!getppid'"
assert_eq 23 "$(csv_field not.csv close errors)" "close errors with report -e 'trace=!getppid'"
