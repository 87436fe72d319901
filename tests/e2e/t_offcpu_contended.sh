# record --off-cpu: more threads reading 256 KiB of /dev/zero than there
# are CPUs (examples/cpu_contend): the kernel switches reads out at its
# rescheduling points while they are still runnable, so read's runnable
# time shows (and none of it is blocked: /dev/zero never sleeps).
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/offcpu_lib.sh"
need_bpf
need_example cpu_contend

threads=$((2 * $(nproc)))
((threads >= 4)) || threads=4
record cc.data --off-cpu -- "$EX/cpu_contend" "$threads" 2000
report -i cc.data --format json >cc.json
# and two of glibc's: the loader's of libc, sysconf's of the online CPUs
assert_eq $((threads * 2000 + 2)) "$(json_syscall cc.json read calls)" "read calls"
runnable=$(json_syscall cc.json read runnable_ns)
assert_between 1 100000000000 "$runnable" "read's runnable ns ($threads threads on $(nproc) CPUs)"
offcpu_sums_hold cc.json
offcpu_calls_fit cc.data
report -i cc.data --wait -e trace=read >wait.txt
[[ $(grep -cE '^ +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+% +[0-9.]+ +[0-9.]+% +[0-9.]+ +[0-9.]+% read$' wait.txt) == 1 ]] ||
	fail "report --wait has no read row:$(echo; cat wait.txt)"
note "ok: report --wait shows read's split"
