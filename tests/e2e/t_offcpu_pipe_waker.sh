# record --off-cpu: a pipe reader woken 10 times, 20 ms apart, by its
# thread "writer" (examples/pipe_waker).  Each read blocks for at least the
# writer's sleep (the reader posts before it reads), so read's blocked time
# is at least 10 x 20 ms; it waits in pipe_read (anon_pipe_read on 6.x
# kernels); the waker is the thread named writer, a thread of the same
# process.  On-CPU + blocked + runnable add up to each syscall's time;
# --wait, --events and CSV show the same.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/offcpu_lib.sh"
need_bpf
need_example pipe_waker

record pw.data --off-cpu -- "$EX/pipe_waker" 10 20
[[ $(grep -c 'read 10 bytes, 20 ms apart' record.stdout) == 1 ]] || fail "pipe_waker did not read its 10 bytes"
report -i pw.data --format json >pw.json

# the loader reads libc once, then 10 bytes and the end of file
assert_eq 12 "$(json_syscall pw.json read calls)" "read calls"
blocked=$(json_syscall pw.json read blocked_ns)
assert_between 200000000 2000000000 "$blocked" "read's blocked ns (at least 10 x 20 ms)"
oncpu=$(json_syscall pw.json read oncpu_ns)
assert_between 0 $((blocked / 10)) "$oncpu" "read's on-CPU ns (a sliver of its time)"
offcpu_sums_hold pw.json
offcpu_calls_fit pw.data

# the top wait site of read: pipe_read, innermost
site=$(json_syscall pw.json read 'wait_sites[0].stack[0]')
[[ $site == pipe_read || $site == anon_pipe_read ]] || fail "read's top wait site starts in '$site', not pipe_read"
note "ok: read's top wait site is $site"
site_calls=$(json_syscall pw.json read 'wait_sites[0].calls')
assert_between 10 11 "$site_calls" "calls at read's top wait site"
# the waker: the thread writer, not the reader itself
assert_eq writer "$(json_syscall pw.json read 'wakers[0].comm')" "read's waker"
lost=$(offcpu_lost pw.data read)
assert_between $((10 - lost)) 11 "$(json_syscall pw.json read 'wakers[0].calls')" "reads woken by writer ($lost without their switch back in)"
pid=$(json_syscall pw.json read 'wakers[0].pid')
tid=$(json_syscall pw.json read 'wakers[0].tid')
[[ $pid != "$tid" ]] || fail "the waker is the main thread ($tid), not the writer thread"

# --wait: the same in text
report -i pw.data --wait -e trace=read >wait.txt
[[ $(grep -c "^read: where it blocked" wait.txt) == 1 ]] || fail "report --wait has no wait sites of read:$(echo; cat wait.txt)"
[[ $(grep -cE "^ +[0-9.]+ +[0-9.]+% +1[01] .*pipe_read <- vfs_read" wait.txt) == 1 ]] ||
	fail "report --wait: no pipe_read site with 10 or 11 calls:$(echo; cat wait.txt)"
[[ $(grep -cE "  writer \(pid $pid, tid $tid\)$" wait.txt) == 1 ]] ||
	fail "report --wait does not name writer ($pid/$tid) as the waker:$(echo; cat wait.txt)"
note "ok: report --wait shows the pipe_read site and the waker writer"

# --events: each blocked read says where and who woke it
report -i pw.data --events -e trace=read >events.txt
n=$(grep -cE "read\(3, .*, 1\) = 1 <0\.[0-9]+> blocked 0\.[0-9]+ (runnable 0\.[0-9]+ )?in (anon_)?pipe_read, woken by $tid \(writer\)$" events.txt || true)
assert_between $((10 - lost)) 10 "$n" "--events lines of reads blocked in pipe_read, woken by writer"

# CSV: the three times, adding up to total_ns
report -i pw.data --format csv >pw.csv
assert_eq "$blocked" "$(csv_field pw.csv read blocked_ns)" "read's blocked_ns in CSV"
sum=$(($(csv_field pw.csv read oncpu_ns) + blocked + $(csv_field pw.csv read runnable_ns)))
assert_eq "$(csv_field pw.csv read total_ns)" "$sum" "read's on-CPU + blocked + runnable in CSV"

# filters and --by apply: only the writer thread's calls, which never read
report -i pw.data --format json --tid "$tid" >writer.json
json_syscall writer.json read calls >/dev/null && fail "--tid $tid still shows reads"
report -i pw.data --by thread,syscall --wait >bythread.txt
[[ $(grep -c "^thread $tid (writer)" bythread.txt) == 1 ]] || fail "--by thread --wait has no writer thread:$(echo; cat bythread.txt)"
note "ok: --tid and --by thread apply"
