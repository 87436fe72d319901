# record --off-cpu -p on a hung process whose threads were already blocked
# when scprof attached: their calls never switch in or out while recorded,
# so the kernel stacks come from /proc/PID/task/TID/stack at attach
# (names and offsets, by kallsyms into addresses): report --stuck shows
# futex_wait in each of the three (deadlock, lock-ab, lock-ba).
source "$(dirname "$0")/lib.sh"
need_bpf
need_example deadlock

"$EX/deadlock" 8 >dl.out &
target=$!
kill_at_exit "$target"
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
record dl.data --off-cpu -p "$target" -d 1

report -i dl.data --format json >dl.json
json_flat dl.json >dl.flat
assert_eq 3 "$(json_get dl.json unfinished)" "unfinished calls"
stacks=$(awk -F '\t' '$1 ~ /^stuck\[[0-9]+\]\.kernel_stack\[[0-9]+\]$/ {
		split($1, p, /[][]/); s[p[2]] = s[p[2]] (s[p[2]] == "" ? "" : " ") $2; n = p[2] + 1 }
	END { for (i = 0; i < n; i++) print s[i] }' dl.flat)
assert_eq 3 "$(grep -cE '(^| )futex_wait( |$)' <<<"$stacks")" "stuck calls' kernel stacks with futex_wait"
report -i dl.data --stuck >stuck.txt
assert_eq 3 "$(grep -cE '^    kernel stack: .*futex_wait <- ' stuck.txt)" "report --stuck kernel stack lines"
