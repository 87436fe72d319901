# A process given to -p exits mid-recording: the recorder notices, exits 0
# by itself and writes a complete file with every call made after it
# attached.  The target waits on a FIFO until the recorder is attached, then
# runs 20 threads of 50 getppid each (1000 in all) and exits.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

gated target go "$FAULT/faultprog" threads 20 50
start_bg rec timeout 30 "$SCPROF" record -o pid.data -p "$target" >rec.stdout 2>rec.stderr
wait_recording "$rec"
echo go >go
rc=0
wait "$target" || rc=$?
assert_eq 0 "$rc" "exit status of the target"
wait_gone "$rec" 10 || fail "scprof record -p still runs 10 s after its target exited"
rc=0
wait "$rec" || rc=$?
((rc != 124)) || fail "scprof record -p ran into its 30 s timeout"
assert_eq 0 "$rc" "exit status of scprof record -p after the target exited"
assert_complete pid.data
assert_summary rec.stderr pid.data
assert_eq 1000 "$(scf_calls pid.data getppid)" "getppid calls (20 threads x 50)"
report -i pid.data --by thread --format csv >thr.csv
assert_eq 20 "$(csv_rows thr.csv name=getppid calls=50)" "threads with exactly 50 getppid calls"
