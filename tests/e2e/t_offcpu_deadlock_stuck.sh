# record --off-cpu -d 1 while deadlock's three threads are blocked in
# futex: report --stuck names the kernel stack each is blocked in, from
# its last switch-out, with futex_wait in it (text and JSON kernel_stack,
# innermost first).  deadlock's own alarm ends it 4 s after it starts.
source "$(dirname "$0")/lib.sh"
need_bpf
need_example deadlock

rc=0
timeout 30 "$SCPROF" record --off-cpu -o dl.data -d 1 -- "$EX/deadlock" 4 >dl.out 2>dl.err || rc=$?
((rc != 124)) || fail "scprof record -d 1 still running after 30 s"
[[ -s dl.data ]] || fail "no recording (scprof record exited $rc):$(echo; cat dl.err)"

report -i dl.data --format json >dl.json
json_flat dl.json >dl.flat
assert_eq 3 "$(json_get dl.json unfinished)" "unfinished calls (JSON)"
# each stuck call's kernel stack holds futex_wait, and starts where it
# blocked (a futex wait function), never a stack of zeros
stacks=$(awk -F '\t' '$1 ~ /^stuck\[[0-9]+\]\.kernel_stack\[[0-9]+\]$/ {
		split($1, p, /[][]/); s[p[2]] = s[p[2]] (s[p[2]] == "" ? "" : " ") $2; n = p[2] + 1 }
	END { for (i = 0; i < n; i++) print s[i] }' dl.flat)
assert_eq 3 "$(grep -c . <<<"$stacks")" "stuck calls with a kernel stack"
assert_eq 3 "$(grep -cE '(^| )futex_wait( |$)' <<<"$stacks")" "kernel stacks with futex_wait"
assert_eq 3 "$(grep -cE '^[a-z_]*futex[a-z_]* ' <<<"$stacks")" "kernel stacks starting in a futex function"
assert_eq 0 "$(grep -cE '(^| )0x0+( |$)' <<<"$stacks" || true)" "zero frames"

report -i dl.data --stuck >stuck.txt
assert_eq 3 "$(grep -cE '^    kernel stack: .*futex_wait <- ' stuck.txt)" "report --stuck kernel stack lines with futex_wait"
for comm in lock-ab lock-ba deadlock; do
	[[ $(grep -A1 "($comm)" stuck.txt | grep -c '^    kernel stack: ') == 1 ]] ||
		fail "report --stuck has no kernel stack for $comm:$(echo; cat stuck.txt)"
done
note "ok: report --stuck names the kernel stacks of deadlock, lock-ab and lock-ba"
