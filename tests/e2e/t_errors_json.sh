# Failed calls: syscall_mix's openat fail exactly ENOENT times with ENOENT
# and its close(-1) exactly EBADF times with EBADF; JSON shows the errnos.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

record mix.data -- "$EX/syscall_mix"
report -i mix.data --format json >mix.json
assert_eq 77 "$(json_syscall mix.json openat errors)" "openat errors"
assert_eq 77 "$(json_syscall mix.json openat errnos.ENOENT)" "openat errnos.ENOENT"
assert_eq 23 "$(json_syscall mix.json close errors)" "close errors"
assert_eq 23 "$(json_syscall mix.json close errnos.EBADF)" "close errnos.EBADF"
assert_eq 15035 "$(json_syscall mix.json getppid calls)" "getppid calls in JSON"
assert_eq 0 "$(json_syscall mix.json getppid errors)" "getppid errors in JSON"
assert_eq 0 "$(json_get mix.json lost_events)" "lost_events"
json_get mix.json duration_ns >/dev/null || fail "no duration_ns in the JSON report"

record other.data -- "$EX/syscall_mix" 10 10 10 5 9
report -i other.data --format json >other.json
assert_eq 5 "$(json_syscall other.json openat errnos.ENOENT)" "openat ENOENT of syscall_mix ... 5 9"
assert_eq 9 "$(json_syscall other.json close errnos.EBADF)" "close EBADF of syscall_mix ... 5 9"

# The text view of errors names the errno next to the syscall and its count.
report -i mix.data --errors >errors.txt
(($(grep -E '\bopenat\b' errors.txt | grep -E '\bENOENT\b' | grep -cE '\b77\b'))) ||
	fail "report --errors has no line with openat, ENOENT and 77:$(echo; cat errors.txt)"
(($(grep -E '\bclose\b' errors.txt | grep -E '\bEBADF\b' | grep -cE '\b23\b'))) ||
	fail "report --errors has no line with close, EBADF and 23:$(echo; cat errors.txt)"
note "ok: report --errors lists openat ENOENT 77 and close EBADF 23"
