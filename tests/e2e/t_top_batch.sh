# scprof top -b: one plain table per interval on stdout.  -n N prints
# exactly N tables of a running process (-p) with exactly its syscalls;
# with -- CMD every call lands in exactly one interval (the counts summed
# over the tables are the program's) and the last, partial interval is
# printed when the command ends, with exit status 0; -o keeps the
# recording; -n stops a launched command that is still running.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/top_lib.sh"
need_perf
need_example getppid_loop

# -p: a process that only calls getppid and clock_nanosleep, forever
"$EX/getppid_loop" 0 1000 20 >loop.out &
loop=$!
kill_at_exit "$loop"
rc=0
timeout 30 "$SCPROF" top -b -n 3 -d 0.5 -p "$loop" >pid.top 2>pid.err || rc=$?
((rc == 0)) || fail "scprof top -b -n 3 -p exited with $rc:$(echo; cat pid.err)"
assert_eq 3 "$(top_tables pid.top)" "tables printed with -n 3"
for n in 1 2 3; do
	assert_eq "clock_nanosleep getppid" "$(top_syscalls pid.top $n)" "syscalls of table $n"
done
assert_eq 3 "$(grep -c "^$loop  *getppid_loop " pid.top)" "tables naming the process"
kill -0 "$loop" || fail "top -p ended the process it watched"

# -e: only the syscalls asked for, filtered in the kernel
timeout 30 "$SCPROF" top -b -n 2 -d 0.3 -e trace=getppid -p "$loop" >expr.top 2>expr.err ||
	fail "scprof top -e exited with $?:$(echo; cat expr.err)"
assert_eq 2 "$(top_tables expr.top)" "tables with -e trace=getppid"

assert_eq "getppid getppid" "$(top_syscalls expr.top 1) $(top_syscalls expr.top 2)" \
	"syscalls with -e trace=getppid"
kill "$loop"

# -- CMD: 12 rounds of 1000 getppid 50 ms apart (about 0.6 s) in 0.2 s
# intervals: several tables whose counts add up to the program's, and the
# last interval printed when it ends
rc=0
timeout 30 "$SCPROF" top -b -d 0.2 -o cmd.data -- "$EX/getppid_loop" 12 1000 50 >cmd.top \
	2>cmd.err || rc=$?
((rc == 0)) || fail "scprof top -b -- CMD exited with $rc:$(echo; cat cmd.err)"
tables=$(top_tables cmd.top)
assert_between 3 6 "$tables" "tables of a 0.6 s command in 0.2 s intervals"
assert_eq 12000 "$(top_calls cmd.top getppid)" "getppid calls over every table"
assert_eq 12 "$(top_calls cmd.top clock_nanosleep)" "clock_nanosleep calls over every table"
assert_eq 1 "$(grep -c '^getppid_loop: 12000 getppid calls$' cmd.top)" "the command's own output"
# -o: the same calls kept in a recording
report -i cmd.data --format csv >cmd.csv
assert_eq 12000 "$(csv_field cmd.csv getppid calls)" "getppid calls in top -o's recording"
assert_eq 1 "$(grep -c "^scprof: wrote 'cmd.data' " cmd.err)" "top -o says what it wrote"

# -n with a command still running: N tables, then the command is stopped
rc=0
start=$(date +%s%N)
timeout 30 "$SCPROF" top -b -n 2 -d 0.2 -- "$EX/getppid_loop" 0 100 10 >stop.top 2>stop.err ||
	rc=$?
((rc == 0)) || fail "scprof top -b -n 2 -- CMD exited with $rc:$(echo; cat stop.err)"
assert_eq 2 "$(top_tables stop.top)" "tables with -n 2 and a command running"
assert_eq "clock_nanosleep getppid" "$(top_syscalls stop.top 2)" "syscalls of the second table"
ms=$((($(date +%s%N) - start) / 1000000))
assert_between 300 10000 "$ms" "ms until top -n 2 -d 0.2 returned"

# a reader that goes away (| head): top stops as after -n, the command is
# stopped, -o's file is complete, and the exit says standard output failed
rc=0
timeout 30 "$SCPROF" top -b -d 0.2 -o piped.data -- "$EX/getppid_loop" 0 100 10 2>piped.err |
	head -3 >piped.top || rc=$?
assert_eq 3 "$(wc -l <piped.top)" "lines head read"
assert_eq 1 "$(grep -c '^scprof: cannot write standard output' piped.err)" "top says standard output failed"
"$SCPROF" dump -i piped.data >piped.dump 2>&1 || fail "scprof dump piped.data failed"
[[ $(tail -1 piped.dump) == *", complete" ]] || fail "top -o's file is not complete after | head"
cmdpid=$(awk '$2 == "COMM" && $8 == "'"'getppid_loop'"'" { print $4; exit }' piped.dump)
[[ -n $cmdpid ]] || fail "no COMM of getppid_loop in the dump of piped.data"
! kill -0 "$cmdpid" 2>/dev/null || fail "the command top started ($cmdpid) still runs after | head"

# bad input: one line naming the problem, status 2
rc=0
"$SCPROF" top -b -S bogus -p "$$" >/dev/null 2>bad.err || rc=$?
assert_eq 2 "$rc" "exit status of -S bogus"
assert_eq 1 "$(grep -c "invalid sort key 'bogus' (calls, errors, time, p50, p99 or name)" bad.err)" \
	"-S bogus says which keys exist"
rc=0
"$SCPROF" top -p "$$" </dev/null >/dev/null 2>notty.err || rc=$?
assert_eq 2 "$rc" "exit status of top without a terminal or -b"
assert_eq 1 "$(grep -c 'use -b for plain tables' notty.err)" "top without a terminal points to -b"
rc=0
"$SCPROF" top -b -d 0.01 -p "$$" >/dev/null 2>delay.err || rc=$?
assert_eq 2 "$rc" "exit status of -d 0.01"
