# -p A,B where A exits first and B goes on with a syscall storm: the
# recorder keeps recording B, completely and without losing events (B alone
# loses none with the default buffers), and ends when B ends.
#   A: 1000 getppid, exits at once.  B: 600000 getppid over 3 s.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

gated a go_a "$FAULT/faultprog" getppid 1000
gated b go_b "$FAULT/faultprog" getppid 600000 3
start_bg rec timeout 60 "$SCPROF" record -o two.data -p "$a,$b" >rec.stdout 2>rec.stderr
sleep 1 # time to attach
echo go >go_a
wait "$a" || fail "process A failed"
sleep 0.3
echo go >go_b
wait "$b" || fail "process B failed"
wait_gone "$rec" 20 || fail "scprof record -p still runs 20 s after both targets exited"
rc=0
wait "$rec" || rc=$?
assert_eq 0 "$rc" "exit status of scprof record -p A,B"
assert_complete two.data
assert_eq 0 "$(scf two.data trailer_lost)" "events lost after A exited"
grep -q 'lost' rec.stderr && fail "the recorder reports lost events: $(grep lost rec.stderr)"
assert_eq 601000 "$(scf_calls two.data getppid)" "getppid calls of A and B (1000 + 600000)"
report -i two.data --by process --format csv >proc.csv
assert_eq 1000 "$(csv_field proc.csv getppid calls pid=$a)" "getppid calls of A"
assert_eq 600000 "$(csv_field proc.csv getppid calls pid=$b)" "getppid calls of B"
