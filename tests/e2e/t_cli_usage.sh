# The command line's exit statuses and messages: 0 for help and version, 2
# with "scprof: ..." and a "Try 'scprof [COMMAND] --help'" line for a usage
# error, 1 with one "scprof: ..." line for a runtime error (a missing
# file, a full disk on standard output).
source "$(dirname "$0")/lib.sh"
[[ -x $SCPROF ]] || fail "$SCPROF is not built (run make)"
SCFGEN=$ROOT/build/tests/fault/scfgen
[[ -x $SCFGEN ]] || fail "$SCFGEN is not built (run make)"
"$SCFGEN" latency a.scf

# run EXPECTED_STATUS ARGS...: scprof ARGS; out and err hold its output
run()
{
	local want=$1 rc=0
	shift
	"$SCPROF" "$@" >out 2>err </dev/null || rc=$?
	assert_eq "$want" "$rc" "exit status of scprof $*"
}

run 2
assert_eq "usage: scprof COMMAND [OPTIONS]" "$(head -1 err)" "scprof alone: usage on stderr"
run 0 --help
assert_eq "usage: scprof COMMAND [OPTIONS]" "$(head -1 out)" "scprof --help: usage on stdout"
run 0 --version
grep -Eq '^scprof [0-9]' out || fail "scprof --version printed: $(cat out)"

run 2 nosuch
assert_eq "scprof: 'nosuch' is not a scprof command
Try 'scprof --help' for the list of commands." "$(cat err)" "an unknown command"

for c in record report dump diff top; do
	run 2 "$c" --bogus
	assert_eq "scprof: unknown option '--bogus'
Try 'scprof $c --help' for more information." "$(cat err)" "scprof $c --bogus"
	run 0 "$c" --help
	grep -q "^usage: scprof $c" out || fail "scprof $c --help: no usage line on stdout: $(head -1 out)"
done
run 2 record
assert_eq "scprof: nothing to record: give a command, -p PID or -a
Try 'scprof record --help' for more information." "$(cat err)" "scprof record alone"
run 2 top
assert_eq "scprof: nothing to watch: give a command, -p PID or -a
Try 'scprof top --help' for more information." "$(cat err)" "scprof top alone"
run 2 top -b -n 0 -a
assert_eq "scprof: invalid iteration count '0' (a whole number from 1, e.g. 10)
Try 'scprof top --help' for more information." "$(cat err)" "scprof top -n 0"
run 2 record -d 0 -- true
assert_eq "scprof: invalid duration '0' (seconds, e.g. 2.5)
Try 'scprof record --help' for more information." "$(cat err)" "scprof record -d 0"
run 2 report -S bogus -i a.scf
assert_eq "scprof: unknown sort key 'bogus'; use time, calls, errors, name, avg or max
Try 'scprof report --help' for more information." "$(cat err)" "scprof report -S bogus"

run 1 report -i "$TMP/none.scf"
assert_eq "scprof: cannot open '$TMP/none.scf': No such file or directory; record one with 'scprof record -- COMMAND'" \
	"$(cat err)" "a missing recording"
rc=0
"$SCPROF" report -i a.scf >/dev/full 2>err || rc=$?
assert_eq 1 "$rc" "exit status of a report onto a full disk"
assert_eq "scprof: cannot write standard output: No space left on device" "$(grep -v warning err)" "a full disk"
