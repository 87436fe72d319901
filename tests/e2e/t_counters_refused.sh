# record --counters checks each name before anything runs: an unknown
# name, and a hardware counter on a machine without a hardware PMU (this
# VM), exit 2 with one line naming the counter, why, and 'scprof list';
# nothing is run and no recording is written.
source "$(dirname "$0")/counters_lib.sh"
need_perf

refused()
{
	local want=$1 rc=0
	shift
	"$SCPROF" record -o out.data "$@" -- touch ran >out.txt 2>err.txt || rc=$?
	assert_eq 2 "$rc" "exit status of record $*"
	assert_eq 1 "$(wc -l <err.txt)" "lines of the message for record $*"
	[[ $(cat err.txt) == "$want" ]] || fail "record $*: message$(echo; cat err.txt; echo "expected:"; echo "$want")"
	[[ ! -e ran && ! -e out.data ]] || fail "record $* ran the command or wrote a recording"
}

refused "scprof: unknown counter 'no-such-counter' (libpfm4: event not found); 'scprof list' shows the counters this machine can count" \
	--counters page-faults,no-such-counter
"$SCPROF" list >list.txt
if grep -q '^  cycles ' list.txt; then
	note "this machine counts cycles: the hardware refusal is not tested here"
else
	refused "scprof: cannot count 'cycles' on this machine (this machine cannot count it); 'scprof list' shows the counters it can count" \
		--counters cycles
fi
rc=0
"$SCPROF" record -o out.data -a --counters page-faults -d 1 2>err.txt || rc=$?
assert_eq 2 "$rc" "exit status of --counters with -a"
grep -q "counts per thread" err.txt || fail "message:$(echo; cat err.txt)"
note "ok: unknown and uncountable counters refused before running anything"
