# The recorder raises its own priority (nice -20 by default, --nice N) so
# that a busy machine does not keep it from draining its rings, and only
# its own: the launched command keeps the priority it would have had.
# Without the privilege to raise it, recording works as before, and a loss
# says that priority could have helped.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_root
need_perf
need_fault
command -v setpriv >/dev/null || skip "setpriv is not installed (util-linux)"

mine=$(nice)
lower() { echo $(($1 < $2 ? $1 : $2)); }

# The command prints its own nice value, then each recorder thread's
# (field 19 of /proc/PID/task/TID/stat; comm is "scprof", no spaces).
probe='cut -d" " -f19 /proc/self/stat; for t in /proc/$PPID/task/*; do cut -d" " -f19 $t/stat; done'

# check_nice OUT EXPECTED_CHILD EXPECTED_RECORDER WHAT
check_nice()
{
	local out=$1 child=$2 rec=$3 what=$4
	assert_eq "$child" "$(head -n 1 "$out")" "nice of the command, $what"
	local threads
	threads=$(tail -n +2 "$out" | sort -u | tr '\n' ' ')
	assert_eq "$rec " "$threads" "nice of every recorder thread, $what"
	assert_eq 2 "$(tail -n +2 "$out" | wc -l)" "recorder threads (main and writer), $what"
}

record default.data -- sh -c "$probe"
check_nice record.stdout "$mine" -20 "defaults"
assert_complete default.data

record zero.data --nice 0 -- sh -c "$probe"
check_nice record.stdout "$mine" "$(lower "$mine" 0)" "--nice 0"

record seven.data --nice 7 -- sh -c "$probe"
check_nice record.stdout "$mine" "$(lower "$mine" 7)" "--nice 7 (never lowered)"

record minus5.data --nice -5 -- sh -c "$probe"
check_nice record.stdout "$mine" "$(lower "$mine" -5)" "--nice -5"

# Without CAP_SYS_NICE (dropped from the bounding set; RLIMIT_NICE 0) the
# recorder keeps its priority and records as usual.
setpriv --bounding-set=-sys_nice --inh-caps=-sys_nice "$SCPROF" record -o capless.data -- \
	sh -c "$probe" >capless.out 2>capless.err ||
	fail "scprof record without CAP_SYS_NICE failed: $(cat capless.err)"
check_nice capless.out "$mine" "$mine" "without CAP_SYS_NICE"
assert_complete capless.data
# ... and when the rings overflow, the loss message names the remedy.
rc=0
setpriv --bounding-set=-sys_nice --inh-caps=-sys_nice "$SCPROF" record -m 1 -o lost.data -- \
	"$FAULT/faultprog" getppid 300000 >lost.out 2>lost.err || rc=$?
assert_eq 0 "$rc" "exit status of the overflowing recording without CAP_SYS_NICE"
grep -Eq '^scprof: lost [0-9]+ events on cpu [0-9]+; try a bigger buffer: -m [0-9]+ would have held the busiest 100 ms, or run as root so that scprof can raise its priority \(--nice\)$' lost.err ||
	fail "the loss message should name the priority, said: $(cat lost.err)"
# With the privilege the hint is not given (the loss itself still is).
rc=0
"$SCPROF" record -m 1 -o lost2.data -- "$FAULT/faultprog" getppid 300000 >lost2.out 2>lost2.err || rc=$?
assert_eq 0 "$rc" "exit status of the overflowing recording"
grep -Eq '^scprof: lost [0-9]+ events on cpu [0-9]+; try a bigger buffer: -m [0-9]+ would have held the busiest 100 ms$' lost2.err ||
	fail "the loss message should only name the buffer, said: $(cat lost2.err)"

# Bad values: usage errors, exit 2, nothing recorded.
for bad in 20 -21 abc ""; do
	rc=0
	"$SCPROF" record --nice "$bad" -o bad.data -- true >bad.out 2>bad.err || rc=$?
	assert_eq 2 "$rc" "exit status of --nice '$bad'"
	grep -q "^scprof: invalid --nice '$bad' (-20 to 19)$" bad.err ||
		fail "unexpected message for --nice '$bad': $(cat bad.err)"
	[[ ! -e bad.data ]] || fail "bad.data written despite --nice '$bad'"
done
