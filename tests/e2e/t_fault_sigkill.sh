# SIGKILL of the recorder: no chance to finish, but the writer cuts a chunk
# at least every second, so the file is readable up to its last complete
# chunk: report and dump warn that it is truncated and show a prefix of the
# calls.  The command it launched runs on to its normal end; a process it
# attached to (-p) keeps running and is not left stopped.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

# Launched: 300000 getppid spread over 4 s, SIGKILL once the complete
# chunks (cut every second) hold more than a second of calls.
start_bg rec "$SCPROF" record -o killed.data -- "$FAULT/faultprog" getppid 300000 4 \
	>killed.stdout 2>killed.stderr
wait_until 20 "a second of calls in killed.data's complete chunks" events_span killed.data 1.0
child=$(pgrep -P "$rec") || fail "scprof record ($rec) has no child:$(echo; cat killed.stderr)"
kill_at_exit "$child"
kill -KILL "$rec"
rc=0
wait "$rec" || rc=$?
assert_eq 137 "$rc" "exit status of the SIGKILLed recorder"
assert_truncated killed.data
assert_between 1 300000 "$(scf_calls killed.data getppid)" "getppid calls in the truncated file"
report -i killed.data --format csv >killed.csv 2>/dev/null
assert_eq "$(scf_calls killed.data getppid)" "$(csv_field killed.csv getppid calls)" \
	"getppid calls in report --format csv of the truncated file"
# The prefix covers at least a second, and less than the command's 4 s.
report -i killed.data --format json >killed.json 2>/dev/null
dur=$(json_get killed.json duration_ns)
assert_between 1000000000 3900000000 "$dur" "duration_ns of the truncated recording"
wait_gone "$child" 20 || fail "the launched command ($child) still runs 20 s after the recorder died"
assert_eq "getppid 300000" "$(cat killed.stdout)" "output of the launched command, which ran on"

# Attached (-p): the target keeps running and keeps making progress.
start_bg target "$FAULT/faultprog" ticker >ticks
wait_until 10 "a first tick of the target" test -s ticks
start_bg rec "$SCPROF" record -o attach.data -p "$target" >attach.stdout 2>attach.stderr
wait_recording "$rec"
wait_until 20 "half a second of calls in attach.data's complete chunks" events_span attach.data 0.5
kill -0 "$rec" 2>/dev/null || fail "scprof record -p ended early:$(echo; cat attach.stderr)"
kill -KILL "$rec"
rc=0
wait "$rec" || rc=$?
assert_eq 137 "$rc" "exit status of the SIGKILLed recorder (-p)"
state=$(awk '{ print $3 }' "/proc/$target/stat")
[[ $state == [RSD] ]] || fail "the attached process is in state '$state' after the recorder was killed"
before=$(wc -l <ticks)
more_ticks() { (($(wc -l <ticks) > before)); }
wait_until 10 "the attached process making progress after the recorder was killed ($before ticks)" more_ticks
after=$(wc -l <ticks)
note "ok: the attached process runs on (state $state, $before then $after ticks)"
assert_truncated attach.data
assert_between 1 100000000 "$(scf_calls attach.data getppid)" "getppid calls in the truncated -p file"
