# The messages a user meets when something is off, each exactly: which
# option lacks a value, -m's range, -p lists, report -p 0, unknown --hist
# names, a numeric -u, a missing path, a corrupt chunk (the part before it
# is shown), and "events" counting the same thing in the recorder's
# summary and in the report.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

# says STATUS "EXPECTED STDERR" CMD...
says()
{
	local want_rc=$1 want=$2 rc=0
	shift 2
	"$@" >says.out 2>says.err || rc=$?
	assert_eq "$want_rc" "$rc" "exit status of ${*#"$SCPROF" }"
	assert_eq "$want" "$(cat says.err)" "stderr of ${*#"$SCPROF" }"
}
usage_rec=$'\nTry \'scprof record --help\' for more information.'
usage_rep=$'\nTry \'scprof report --help\' for more information.'

says 2 "scprof: option '-o' needs a value$usage_rec" "$SCPROF" record -o
says 2 "scprof: option '--output' needs a value$usage_rec" "$SCPROF" record --output
says 2 "scprof: option '-p' needs a value$usage_rec" "$SCPROF" record -p
says 2 "scprof: unknown option '-x'$usage_rec" "$SCPROF" record -x -- true
says 2 "scprof: invalid page count '2147483648' (a power of two from 1 to 1048576, e.g. 4096)$usage_rec" \
	"$SCPROF" record -m 2147483648 -- true
says 2 "scprof: invalid PID list '1,'$usage_rec" "$SCPROF" record -p 1,
says 2 "scprof: invalid PID list ',1'$usage_rec" "$SCPROF" record -p ,1
says 2 "scprof: no such user 'no-such-user-x'$usage_rec" "$SCPROF" record -u no-such-user-x -- true
says 127 "scprof: cannot run '$TMP/no/such/prog': No such file or directory" \
	"$SCPROF" record -o none.data -- "$TMP/no/such/prog"
says 127 "scprof: cannot run 'no-such-command-x': command not found" \
	"$SCPROF" record -o none.data -- no-such-command-x
[[ ! -e none.data ]] || fail "a command that cannot run left a recording"

# -u takes a numeric uid when no user has that name
if [[ $(id -u) == 0 ]]; then
	record uid.data -u 65534 -- id -u
	assert_eq 65534 "$(cat "$TMP/record.stdout")" "id -u under -u 65534"
fi

# "events": the summary counts what report counts (events in the file)
record ev.data -- "$FAULT/faultprog" getppid 100
summary_events=$(sed -En 's/^scprof: recorded [0-9]+ syscalls \(([0-9]+) events, 0 lost\).*/\1/p' "$TMP/record.stderr")
report -i ev.data --format json >ev.json
assert_eq "$(json_get ev.json events)" "$summary_events" "events in the recorder's summary and in report JSON"
report -i ev.data >ev.txt
grep -q ", $summary_events events$" ev.txt || fail "report's header should say $summary_events events: $(head -1 ev.txt)"

says 2 "scprof: invalid PID list '0'$usage_rep" "$SCPROF" report -i ev.data -p 0
says 2 "scprof: invalid TID list '0'$usage_rep" "$SCPROF" report -i ev.data --tid 0
says 2 "scprof: invalid --hist: unknown syscall 'nosuch'$usage_rep" "$SCPROF" report -i ev.data --hist=nosuch
says 2 "scprof: invalid --hist: unknown syscall 'nosuch'$usage_rep" "$SCPROF" report -i ev.data --hist getppid nosuch
report -i ev.data --hist=getppid >hist.txt
grep -q "getppid" hist.txt || fail "--hist=getppid shows no getppid histogram"

# A corrupt chunk: exit 1, one line, and the intact part before it shown.
rc=0
"$SCPROF" report -i "$ROOT/tests/data/flip-events.scf" --format csv >corrupt.csv 2>corrupt.err || rc=$?
assert_eq 1 "$rc" "exit status of report on a corrupt chunk"
assert_eq "scprof: '$ROOT/tests/data/flip-events.scf' is corrupt (bad chunk at byte 4346); showing the part before it" \
	"$(head -1 corrupt.err)" "report's message on a corrupt chunk"
assert_eq 52 "$(csv_sum corrupt.csv calls)" "calls shown from the chunk before the corrupt one"
