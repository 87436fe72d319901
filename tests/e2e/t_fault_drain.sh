# The recorder drains each CPU's ring when the kernel wakes it (a quarter
# full), not only when it looks on its own (every 100 ms): a steady load it
# can easily follow loses nothing.  With -m 16 (64 KiB a CPU, woken at
# 16 KiB), 15000 getppid in 100 bursts of 150 over 3 s (about 23 KB of
# samples every 30 ms): the ring holds almost three bursts beyond the
# wake-up point, so a recorder that is woken loses nothing even if it
# answers 60 ms late, while one that waits for its 100 ms round (or for a
# full ring) finds more than 64 KiB waiting and loses events every round.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

record steady.data -m 16 -- "$FAULT/faultprog" getppid 15000 3
assert_eq "getppid 15000" "$(cat "$TMP/record.stdout")" "output of the command"
if grep -q 'lost [0-9]* events on cpu' "$TMP/record.stderr"; then
	fail "the recorder lost events: $(grep -m1 'lost [0-9]* events on cpu' "$TMP/record.stderr")"
fi
assert_eq 0 "$(scf steady.data trailer_lost)" "events lost"
assert_eq 15000 "$(scf_calls steady.data getppid)" "getppid calls"
assert_summary "$TMP/record.stderr" steady.data
