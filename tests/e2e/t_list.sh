# scprof list: the counters this machine can count, grouped by PMU, one a
# line with a description; the software counters are always there.
source "$(dirname "$0")/lib.sh"
need_perf

"$SCPROF" list >list.txt
grep -q '^perf (perf_events generic PMU):$' list.txt || fail "no perf PMU heading:$(echo; cat list.txt)"
for c in page-faults minor-faults major-faults context-switches cpu-migrations task-clock cpu-clock; do
	grep -Eq "^  $c +[a-zA-Z]" list.txt || fail "'$c' with a description is not listed:$(echo; cat list.txt)"
done
"$SCPROF" list FAULT >faults.txt
assert_eq "page-faults faults minor-faults major-faults" "$(awk '/^  / { printf "%s%s", n++ ? " " : "", $1 }' faults.txt)" \
	"counters matching FAULT"
rc=0
"$SCPROF" list no-such-thing >none.txt 2>err.txt || rc=$?
assert_eq 1 "$rc" "exit status when nothing matches"
grep -q "no counter matches 'no-such-thing'" err.txt || fail "message:$(echo; cat err.txt)"
note "ok: scprof list names the software counters"
