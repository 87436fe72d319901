# Without pidfd_open (a kernel before 5.3, a seccomp filter that denies it,
# valgrind): the recorder must still notice that the command it launched,
# or the process it attached to, has ended, and stop by itself.
# tests/fault/nopidfd.so makes pidfd_open fail with ENOSYS (LD_PRELOAD).
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault
shim=$FAULT/nopidfd.so
[[ -f $shim ]] || fail "$shim is not built (run make)"
# A sanitized scprof wants its runtime first in the library list.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

rc=0
LD_PRELOAD=$shim timeout 10 "$SCPROF" record -o launched.data -- "$FAULT/faultprog" getppid 10 \
	>launched.stdout 2>launched.stderr || rc=$?
assert_eq "getppid 10" "$(cat launched.stdout)" "output of the command"
((rc != 124)) || fail "scprof record (pidfd_open failing) still ran 10 s after its command exited"
assert_eq 0 "$rc" "exit status of scprof record -- faultprog, pidfd_open failing"
assert_complete launched.data
assert_eq 10 "$(scf_calls launched.data getppid)" "getppid calls"

gated target go "$FAULT/faultprog" getppid 20
start_bg rec env LD_PRELOAD="$shim" timeout 10 "$SCPROF" record -o attached.data -p "$target" \
	>attached.stdout 2>attached.stderr
wait_recording "$rec"
echo go >go
wait "$target" || fail "the target failed"
rc=0
wait "$rec" || rc=$?
((rc != 124)) || fail "scprof record -p (pidfd_open failing) still ran 10 s after its target exited"
assert_eq 0 "$rc" "exit status of scprof record -p, pidfd_open failing"
assert_complete attached.data
assert_eq 20 "$(scf_calls attached.data getppid)" "getppid calls"
