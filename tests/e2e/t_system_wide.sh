# -a -d SECONDS: the whole system for a while; a syscall_mix run inside the
# window is recorded exactly.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

timeout 30 "$SCPROF" record -o all.data -a -d 3 >rec.out 2>rec.err &
rec=$!
kill_at_exit "$rec"
sleep 1
"$EX/syscall_mix" 4321 321 21 >mix.out
rc=0
wait "$rec" || rc=$?
((rc == 0)) || fail "scprof record -a -d 3 exited with $rc:$(echo; cat rec.err)"
report -i all.data --format json >all.json
lost=$(json_get all.json lost_events)
((lost == 0)) || fail "the kernel dropped $lost events (a busy machine?), so no count can be exact"
report -i all.data --format csv --by thread >thr.csv
assert_eq 4321 "$(csv_field thr.csv getppid calls comm=syscall_mix)" "getppid calls of syscall_mix's main thread"
assert_eq 321 "$(csv_field thr.csv getppid calls comm=mix-thread)" "getppid calls of mix-thread"
assert_eq 21 "$(csv_field thr.csv getppid calls comm=mix-child)" "getppid calls of mix-child"
