# record --off-cpu: sleeper's five 20 ms clock_nanosleep calls wait in the
# hrtimer sleep (do_nanosleep <- hrtimer_nanosleep), each blocked about
# 20 ms, and are woken by the timer interrupt, not by a task.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/offcpu_lib.sh"
need_bpf
need_example sleeper

record sl.data --off-cpu -- "$EX/sleeper"
report -i sl.data --format json >sl.json
assert_eq 5 "$(json_syscall sl.json clock_nanosleep calls)" "clock_nanosleep calls"
assert_between 100000000 1000000000 "$(json_syscall sl.json clock_nanosleep blocked_ns)" \
	"clock_nanosleep's blocked ns (at least 5 x 20 ms)"
offcpu_sums_hold sl.json
offcpu_calls_fit sl.data
json_flat sl.json | awk -F '\t' '$1 ~ /^syscalls\[[0-9]+\]\.(name|wait_sites\[0\]\.stack\[[0-9]+\])$/' >flat.txt
stack=$(awk -F '\t' '$1 ~ /\.name$/ { cur = $2; next } cur == "clock_nanosleep" { s = s (s ? "," : "") $2 } END { print s }' flat.txt)
[[ $stack == do_nanosleep,hrtimer_nanosleep,* ]] ||
	fail "clock_nanosleep does not wait in do_nanosleep <- hrtimer_nanosleep: $stack"
note "ok: clock_nanosleep waits in $stack"
assert_eq 5 "$(json_syscall sl.json clock_nanosleep 'wait_sites[0].calls')" "calls at that site"
assert_eq interrupt "$(json_syscall sl.json clock_nanosleep 'wakers[0].comm')" "clock_nanosleep's waker"
lost=$(offcpu_lost sl.data clock_nanosleep)
assert_between $((5 - lost)) 5 "$(json_syscall sl.json clock_nanosleep 'wakers[0].calls')" \
	"calls woken by the timer (of 5, $lost without their switch back in)"
assert_eq null "$(json_syscall sl.json clock_nanosleep 'wakers[0].pid')" "the interrupt's pid"

report -i sl.data --events -e trace=clock_nanosleep >events.txt
n=$(grep -cE "clock_nanosleep\(CLOCK_MONOTONIC, 0, 0x[0-9a-f]+, NULL\) = 0 <0\.0[0-9]+> blocked 0\.0[0-9]+ (runnable 0\.[0-9]+ )?in do_nanosleep, woken by an interrupt$" events.txt || true)
[[ $n -ge $((5 - lost)) ]] || cat events.txt >&2
assert_between $((5 - lost)) 5 "$n" "--events lines of sleeps in do_nanosleep woken by an interrupt"
