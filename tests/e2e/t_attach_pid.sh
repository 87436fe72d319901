# -p PID: attach to a running process; calls made after attaching are all
# recorded, including those of threads and children created later.
# The target waits on a FIFO, then execs syscall_mix.  Recording ends when
# the target exits.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

mkfifo go
bash -c 'read -r _ <go && exec "$1"' bash "$EX/syscall_mix" >mix.out &
target=$!
kill_at_exit "$target"
# Attach only once bash has started and waits to open the FIFO (blocked in
# openat, syscall 257): its own start-up calls (getppid among them) are then
# over, and every call recorded is syscall_mix's.
for _ in $(seq 100); do
	[[ $(cut -d' ' -f1 /proc/$target/syscall 2>/dev/null) == 257 ]] && break
	sleep 0.05
done
[[ $(cut -d' ' -f1 /proc/$target/syscall) == 257 ]] || fail "bash is not waiting on the FIFO"
timeout 30 "$SCPROF" record -o attach.data -p "$target" >rec.out 2>rec.err &
rec=$!
kill_at_exit "$rec"
wait_recording "$rec"
echo go >go
wait "$target" || fail "syscall_mix failed"
rc=0
wait "$rec" || rc=$?
((rc != 124)) || fail "scprof record -p did not end within 30 s of starting although its target exited"
((rc == 0)) || fail "scprof record -p exited with $rc:$(echo; cat rec.err)"
report -i attach.data --format csv --by thread >thr.csv
assert_eq 15035 "$(csv_sum thr.csv calls name=getppid)" "getppid calls after attaching"
assert_eq 2345 "$(csv_field thr.csv getppid calls comm=mix-thread)" "getppid calls of mix-thread"
assert_eq 345 "$(csv_field thr.csv getppid calls comm=mix-child)" "getppid calls of mix-child"
