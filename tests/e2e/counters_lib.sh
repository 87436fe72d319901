# counters_lib.sh - for the record --counters tests (t_counters*.sh).
#   COUNTERS_TARGET: build/tests/e2e/counters_target, the recorded program
#   need_counters_target: fail unless it is built
#   dump_calls FILE NAME: the CALL lines of syscall NAME in 'scprof dump'
#   call_counters LINE: the counter values of one such line, space-separated
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COUNTERS_TARGET=${COUNTERS_TARGET:-$ROOT/build/tests/e2e/counters_target}

need_counters_target()
{
	[[ -x $COUNTERS_TARGET ]] || fail "$COUNTERS_TARGET is not built (run make)"
}

dump_calls()
{
	"$SCPROF" dump -i "$1" | grep " CALL .* nr [0-9]* $2(" || true
}

call_counters()
{
	sed -n 's/.* counters \(.*\)$/\1/p' <<<"$1"
}
