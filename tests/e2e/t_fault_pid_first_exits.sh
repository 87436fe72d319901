# -p A,B where A exits first and B goes on with a syscall storm: the
# recorder keeps recording B, completely and without losing events, and
# ends when B ends.
#   A: 1000 getppid, exits at once.
#   B: 125000 getppid in 100 bursts of 1250 over 2 s (20 ms pauses).
# Both with -m 1024 (4 MiB a CPU, 8 MiB for the BPF recorder's ring):
# about 22 bursts (190 KB of tracepoint samples each, 440 ms) fit, so a
# recorder that drains when the kernel wakes it keeps up even when slowed
# down or kept off the CPU for a while (ASan, a busy machine: with -m 128
# the sanitized recorder lost a few thousand, and -m 512 left it half a
# second); B writes 15-21 MB in all, so a recorder that stopped listening
# still loses events.  First B alone (-p B), which must lose
# nothing, then -p A,B.  (t_fault_drain checks that the recorder drains
# when woken, with a small ring.)
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

gated b go_b "$FAULT/faultprog" getppid 125000 2
start_bg rec timeout 60 "$SCPROF" record -m 1024 -o alone.data -p "$b" >alone.stdout 2>alone.stderr
wait_recording "$rec"
echo go >go_b
wait "$b" || fail "process B failed"
rc=0
wait "$rec" || rc=$?
assert_eq 0 "$rc" "exit status of scprof record -p B"
assert_eq 0 "$(scf alone.data trailer_lost)" "events lost recording B alone"
assert_eq 125000 "$(scf_calls alone.data getppid)" "getppid calls of B alone"

gated a go_a "$FAULT/faultprog" getppid 1000
gated b go_b "$FAULT/faultprog" getppid 125000 2
start_bg rec timeout 60 "$SCPROF" record -m 1024 -o two.data -p "$a,$b" >rec.stdout 2>rec.stderr
wait_recording "$rec"
echo go >go_a
wait "$a" || fail "process A failed"
# A is gone (reaped) before B starts; B's storm lasts 2 s, so a recorder
# that stopped draining once A went would lose B's events whenever it
# noticed.
echo go >go_b
wait "$b" || fail "process B failed"
wait_gone "$rec" 20 || fail "scprof record -p still runs 20 s after both targets exited"
rc=0
wait "$rec" || rc=$?
assert_eq 0 "$rc" "exit status of scprof record -p A,B"
assert_complete two.data
if grep -q 'lost [0-9]* events on cpu' rec.stderr; then
	fail "the recorder lost events after A exited: $(grep -m1 'lost [0-9]* events on cpu' rec.stderr)"
fi
assert_eq 0 "$(scf two.data trailer_lost)" "events lost after A exited"
assert_eq 126000 "$(scf_calls two.data getppid)" "getppid calls of A and B (1000 + 125000)"
report -i two.data --by process --format csv >proc.csv
assert_eq 1000 "$(csv_field proc.csv getppid calls pid=$a)" "getppid calls of A"
assert_eq 125000 "$(csv_field proc.csv getppid calls pid=$b)" "getppid calls of B"
