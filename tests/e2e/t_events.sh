# --events: one line per call, strace style; with -e only those syscalls.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

record mix.data -- "$EX/syscall_mix" 1000 100 10 7 5
report -i mix.data --events -e trace=getppid >getppid.txt
assert_eq 1110 "$(grep -cE '\bgetppid\(\) = [0-9]+' getppid.txt)" "getppid lines in report --events -e trace=getppid"
assert_eq 0 "$(grep -E '\b[a-z_0-9]+\(' getppid.txt | grep -cvE '\bgetppid\(' || true)" \
	"lines of other syscalls in report --events -e trace=getppid"

report -i mix.data --events -e trace=openat,close >fail.txt
assert_eq 7 "$(grep -E '\bopenat\(' fail.txt | grep -cE '= -1 ENOENT\b')" "openat lines failing with ENOENT"
assert_eq 5 "$(grep -E '\bclose\(-1\)' fail.txt | grep -cE '= -1 EBADF\b')" "close(-1) lines failing with EBADF"
