# --by thread: syscall_mix's getppid calls split exactly between the main
# thread, its second thread and the forked child.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

record mix.data -- "$EX/syscall_mix"
report -i mix.data --format csv --by thread >thr.csv
[[ $(head -1 thr.csv) == pid,tid,comm,name,* ]] || fail "--by thread header: $(head -1 thr.csv)"
assert_eq 3 "$(csv_rows thr.csv name=getppid)" "threads that called getppid"
assert_eq 12345 "$(csv_field thr.csv getppid calls comm=syscall_mix)" "getppid calls of the main thread"
assert_eq 2345 "$(csv_field thr.csv getppid calls comm=mix-thread)" "getppid calls of mix-thread"
assert_eq 345 "$(csv_field thr.csv getppid calls comm=mix-child)" "getppid calls of the child"

main_pid=$(csv_field thr.csv getppid pid comm=syscall_mix)
main_tid=$(csv_field thr.csv getppid tid comm=syscall_mix)
thr_pid=$(csv_field thr.csv getppid pid comm=mix-thread)
thr_tid=$(csv_field thr.csv getppid tid comm=mix-thread)
child_pid=$(csv_field thr.csv getppid pid comm=mix-child)
child_tid=$(csv_field thr.csv getppid tid comm=mix-child)
assert_eq "$main_pid" "$main_tid" "main thread's tid (= its pid)"
assert_eq "$main_pid" "$thr_pid" "mix-thread's pid (= the main pid)"
[[ $thr_tid != "$main_pid" ]] || fail "mix-thread has the main thread's tid $thr_tid"
assert_eq "$child_pid" "$child_tid" "child's tid (= its pid)"
[[ $child_pid != "$main_pid" ]] || fail "the child has the parent's pid $child_pid"
