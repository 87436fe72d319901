# record -p on a hung process that makes no syscalls while recorded: the
# threads already blocked when scprof attached are found from /proc and
# report --stuck shows their frozen calls: three futex waits, one in each
# of deadlock (pthread_join), lock-ab and lock-ba (pthread_mutex_lock).
source "$(dirname "$0")/lib.sh"
need_perf
need_example deadlock

"$EX/deadlock" 8 >dl.out &
target=$!
kill_at_exit "$target"
# Wait until both threads hold their first mutex and all three threads
# (main joining, lock-ab, lock-ba) are blocked in futex (syscall 202).
all_in_futex()
{
	local t n=0
	for t in /proc/"$target"/task/*; do
		[[ $(cut -d' ' -f1 "$t/syscall" 2>/dev/null) == 202 ]] || return 1
		n=$((n + 1))
	done
	((n == 3))
}
wait_until 10 "the deadlock's three threads blocked in futex" all_in_futex
record dl.data -p "$target" -d 1

report -i dl.data --format json >dl.json
json_flat dl.json >dl.flat
assert_eq 3 "$(json_get dl.json unfinished)" "unfinished calls"
assert_eq 0 "$(json_get dl.json total.calls)" "completed calls while attached"
assert_eq "deadlock futex true,lock-ab futex true,lock-ba futex true" \
	"$(awk -F '\t' '$1 ~ /^stuck\[[0-9]+\]\.(comm|name|entered_before)$/ {
		split($1, p, /[][.]/); v[p[2], p[4]] = $2; n = p[2] + 1 }
		END { for (i = 0; i < n; i++) print v[i, "comm"] " " v[i, "name"] " " v[i, "entered_before"] }' dl.flat |
		sort | paste -sd,)" \
	"stuck calls (comm, syscall, already blocked at attach)"

report -i dl.data --stuck >stuck.txt
assert_eq 3 "$(grep -c 'futex blocked at least' stuck.txt)" "'futex blocked at least' lines in report --stuck"
grep -q 'lock-ab.*FUTEX_WAIT_PRIVATE' stuck.txt || fail "no decoded FUTEX_WAIT_PRIVATE wait for lock-ab:$(echo; cat stuck.txt)"
