# -a -d SECONDS: the whole system for a while; a syscall_mix run inside the
# window is recorded exactly (-m 4096: bigger buffers, so that a busy
# machine loses no events).  Other programs (even other syscall_mix runs)
# may be running too: the main thread and mix-thread are found by pid, and
# the child by its name and a getppid count chosen at random for this run.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

n_main=$((4000 + RANDOM % 1000)) n_thread=$((300 + RANDOM % 100)) n_child=$((1000 + RANDOM % 5000))
timeout 30 "$SCPROF" record -o all.data -a -d 3 -m 4096 >rec.out 2>rec.err &
rec=$!
kill_at_exit "$rec"
wait_recording "$rec"
"$EX/syscall_mix" $n_main $n_thread $n_child >mix.out &
mix=$!
wait "$mix" || fail "syscall_mix failed"
rc=0
wait "$rec" || rc=$?
((rc == 0)) || fail "scprof record -a -d 3 -m 4096 exited with $rc:$(echo; cat rec.err)"
report -i all.data --format json >all.json
lost=$(json_get all.json lost_events)
((lost == 0)) || fail "the kernel dropped $lost events (a busy machine?), so no count can be exact"
report -i all.data --format csv --by thread >thr.csv
assert_eq $n_main "$(csv_field thr.csv getppid calls pid=$mix tid=$mix)" "getppid calls of syscall_mix's main thread"
assert_eq syscall_mix "$(csv_field thr.csv getppid comm pid=$mix tid=$mix)" "name of syscall_mix's main thread"
assert_eq $n_thread "$(csv_field thr.csv getppid calls pid=$mix comm=mix-thread)" "getppid calls of mix-thread"
assert_eq 1 "$(csv_rows thr.csv name=getppid comm=mix-child calls=$n_child)" "mix-child threads with $n_child getppid calls"
