# -a: the whole system until SIGINT; a syscall_mix run inside the window is
# recorded exactly.  Other programs (even other syscall_mix runs) may be
# running too: the main thread and mix-thread are found by pid, and the
# child by its name and a getppid count chosen at random for this run.
# Robust on a busy machine without weakening a check: the window ends
# when syscall_mix has ended (SIGINT), not after a fixed -d that a slow
# start could outlast, and only getppid is recorded (-e, filtered in the
# kernel), so the other programs' syscalls cannot fill the rings (-m 4096
# besides) and make the kernel drop events; a loss still fails the test.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

n_main=$((4000 + RANDOM % 1000)) n_thread=$((300 + RANDOM % 100)) n_child=$((1000 + RANDOM % 5000))
# No `timeout` around it: timeout passes a SIGINT on to its child and then
# to its whole process group, so scprof could get a second one after the
# first had stopped it and die of it (exit 130, seen under load); run.sh's
# time limit and kill_at_exit bound a recorder that never stops.
"$SCPROF" record -o all.data -a -e trace=getppid -m 4096 >rec.out 2>rec.err &
rec=$!
kill_at_exit "$rec"
wait_recording "$rec"
"$EX/syscall_mix" $n_main $n_thread $n_child >mix.out &
mix=$!
wait "$mix" || fail "syscall_mix failed"
kill -INT "$rec"
rc=0
wait "$rec" || rc=$?
((rc == 0)) || fail "scprof record -a -e trace=getppid -m 4096, stopped by SIGINT, exited with $rc:$(echo; cat rec.err)"
report -i all.data --format json >all.json
lost=$(json_get all.json lost_events)
((lost == 0)) || fail "the kernel dropped $lost events (a busy machine?), so no count can be exact"
report -i all.data --format csv --by thread >thr.csv
assert_eq $n_main "$(csv_field thr.csv getppid calls pid=$mix tid=$mix)" "getppid calls of syscall_mix's main thread"
assert_eq syscall_mix "$(csv_field thr.csv getppid comm pid=$mix tid=$mix)" "name of syscall_mix's main thread"
assert_eq $n_thread "$(csv_field thr.csv getppid calls pid=$mix comm=mix-thread)" "getppid calls of mix-thread"
assert_eq 1 "$(csv_rows thr.csv name=getppid comm=mix-child calls=$n_child)" "mix-child threads with $n_child getppid calls"
