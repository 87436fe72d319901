# The recorded program execs another: the calls after the exec are recorded
# under the new program's name (its comm), those before under the old one.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

ln -s "$FAULT/faultprog" after-exec
record exec.data -- "$FAULT/faultprog" exec 100 ./after-exec getppid 200
assert_eq "exec 100 ./after-exec
getppid 200" "$(cat record.stdout)" "output before and after the exec"
assert_complete exec.data
assert_eq 300 "$(scf_calls exec.data getppid)" "getppid calls in all"
report -i exec.data --by comm --format csv >comm.csv
assert_eq 100 "$(csv_field comm.csv getppid calls comm=faultprog)" "getppid calls as faultprog"
assert_eq 200 "$(csv_field comm.csv getppid calls comm=after-exec)" "getppid calls as after-exec"
# One process: the exec keeps its PID.
report -i exec.data --by process --format csv >proc.csv
assert_eq 1 "$(csv_rows proc.csv name=getppid)" "processes that made getppid calls"
assert_eq 300 "$(csv_sum proc.csv calls name=getppid)" "getppid calls by process"
report -i exec.data --events >events.txt
grep -q '+++ exec after-exec +++' events.txt || fail "report --events shows no exec of after-exec"
note "ok: report --events shows the exec of after-exec"
