# deadlock: recording stops (-d 1) while its three threads are blocked in
# futex: the report shows exactly three unfinished futex calls, one in each
# of deadlock (pthread_join), lock-ab and lock-ba (pthread_mutex_lock).
# deadlock's own alarm ends it 4 s after it starts, whatever scprof does.
source "$(dirname "$0")/lib.sh"
need_perf
need_example deadlock

rc=0
timeout 30 "$SCPROF" record -o dl.data -d 1 -- "$EX/deadlock" 4 >dl.out 2>dl.err || rc=$?
((rc != 124)) || fail "scprof record -d 1 still running after 30 s"
[[ -s dl.data ]] || fail "no recording (scprof record exited $rc):$(echo; cat dl.err)"
note "scprof record -d 1 -- deadlock 4 exited with $rc"

report -i dl.data --format json >dl.json
json_flat dl.json >dl.flat
assert_eq 3 "$(json_get dl.json unfinished)" "unfinished calls (JSON)"
# The JSON list of stuck calls: one per thread.
assert_eq "deadlock futex,lock-ab futex,lock-ba futex" \
	"$(awk -F '\t' '$1 ~ /^stuck\[[0-9]+\]\.(comm|name)$/ {
		split($1, p, /[][.]/); v[p[2], p[4]] = $2; n = p[2] + 1 }
		END { for (i = 0; i < n; i++) print v[i, "comm"] " " v[i, "name"] }' dl.flat |
		sort | paste -sd,)" \
	"stuck calls in the JSON report (comm and syscall)"

report -i dl.data --stuck >stuck.txt
assert_eq 3 "$(grep -c futex stuck.txt)" "lines naming futex in report --stuck"
for comm in lock-ab lock-ba deadlock; do
	(($(grep futex stuck.txt | grep -c -- "$comm"))) || fail "report --stuck has no futex line for $comm:$(echo; cat stuck.txt)"
done
note "ok: report --stuck shows futex in deadlock, lock-ab and lock-ba"
