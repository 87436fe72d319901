# The tracepoint recorder (--no-bpf) drains each CPU's ring when the kernel wakes it (a quarter
# full), not only when it looks on its own (every 100 ms): a steady load it
# can easily follow loses nothing.  With -m 16 (64 KiB a CPU, woken at
# 16 KiB), 15000 getppid in 100 bursts of 150 over 3 s (about 23 KB of
# samples every 30 ms): the ring holds almost three bursts beyond the
# wake-up point, so a recorder that is woken loses nothing if it answers
# within 60 ms, while one that waits for its 100 ms round (or for a full
# ring) finds more than 64 KiB waiting and loses events every round.
# The recorder runs SCHED_FIFO (chrt), so that a busy machine cannot make
# it answer late: only its draining decides.  It attaches to the program
# (-p), which keeps the normal policy.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_root
need_perf
need_fault

gated target go "$FAULT/faultprog" getppid 15000 3
start_bg rec chrt -f 10 "$SCPROF" record --no-bpf -m 16 -o steady.data -p "$target" >rec.stdout 2>rec.stderr
wait_recording "$rec"
echo go >go
wait "$target" || fail "the target failed"
rc=0
wait "$rec" || rc=$?
assert_eq 0 "$rc" "exit status of scprof record -p$( ((rc == 0)) || (echo; cat rec.stderr))"
if grep -q 'lost [0-9]* events on cpu' rec.stderr; then
	fail "the recorder lost events: $(grep -m1 'lost [0-9]* events on cpu' rec.stderr)"
fi
assert_eq 0 "$(scf steady.data trailer_lost)" "events lost"
assert_eq 15000 "$(scf_calls steady.data getppid)" "getppid calls"
assert_summary rec.stderr steady.data
