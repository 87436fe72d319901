# -a -d SECONDS: the whole system for a while; a syscall_mix run inside the
# window is recorded exactly.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

# A bigger buffer: other programs on the machine share it.
timeout 30 "$SCPROF" record -o all.data -a -d 3 -m 4096 >rec.out 2>rec.err &
rec=$!
kill_at_exit "$rec"
sleep 1
"$EX/syscall_mix" 4321 321 21 >mix.out &
mix=$!
wait "$mix"
rc=0
wait "$rec" || rc=$?
((rc == 0)) || fail "scprof record -a -d 3 exited with $rc:$(echo; cat rec.err)"
report -i all.data --format json >all.json
lost=$(json_get all.json lost_events)
((lost == 0)) || fail "the kernel dropped $lost events (a busy machine?), so no count can be exact"
report -i all.data --format csv --by thread >thr.csv
# Other programs may run syscall_mix at the same time: pick ours by pid.
assert_eq 4321 "$(csv_field thr.csv getppid calls pid=$mix tid=$mix)" "getppid calls of syscall_mix's main thread"
assert_eq mix-thread "$(csv_field thr.csv getppid comm pid=$mix calls=321)" "name of the thread with 321 getppid calls"
assert_eq 1 "$(csv_rows thr.csv name=getppid comm=mix-child calls=21)" "mix-child threads with 21 getppid calls"
