# diff_lib.sh - helpers of the `scprof diff` end-to-end tests
# (tests/e2e/t_diff*.sh), on top of lib.sh.
#
#   DIFF_TARGET: build/tests/e2e/diff_target, the recorded program
#   need_diff_target: fail unless it is built
#   diff_run STATUS ARGS...: scprof diff ARGS with stdout in diff.out and
#     stderr in diff.err (in $TMP), failing the test unless it exits STATUS
#   num_eq EXPECTED ACTUAL WHAT: numbers equal (3 and 3.000 are)

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIFF_TARGET=${DIFF_TARGET:-$ROOT/build/tests/e2e/diff_target}

need_diff_target()
{
	[[ -x $DIFF_TARGET ]] || fail "$DIFF_TARGET is not built (run make)"
}

diff_run()
{
	local want=$1 rc=0
	shift
	"$SCPROF" diff "$@" >"$TMP/diff.out" 2>"$TMP/diff.err" || rc=$?
	if ((rc != want)); then
		cat "$TMP/diff.err" >&2
		fail "scprof diff $* exited with $rc, expected $want"
	fi
	note "ok: scprof diff $* exited with $rc"
}

num_eq()
{
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 == b + 0 && a != "" && b != "") }' ||
		fail "$3: expected $1, got '$2'"
	note "ok: $3 = $2"
}
