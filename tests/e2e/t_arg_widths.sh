# Integer and flag arguments are printed at the width the kernel reads
# them with and named as strace names them: report --events of
# argwidth_target (calls with garbage in the bits the kernel ignores) shows
# exactly the lines strace -f shows for the same calls.  strace 6.1 reads
# four of the arguments at 64 bits where the kernel reads an int (fcntl's
# F_DUPFD_CLOEXEC argument, socket's and socketpair's protocol) and names
# personality's return; those lines are expected as the kernel reads them.
source "$(dirname "$0")/lib.sh"
need_perf
need_strace
[[ -x $ROOT/build/tests/e2e/argwidth_target ]] || fail "argwidth_target is not built (run make)"
target=$ROOT/build/tests/e2e/argwidth_target

strace -f -o strace.txt "$target" || fail "strace -f $target failed"
record run.data -- "$target"
report -i run.data --events >events.txt

between()
{
	sed -n '/^close(1000001)/,/^close(1000002)/p'
}
# strace: "PID call(args)   = ret"; scprof: "TIME [PID TID] call(args) = ret <DURATION>"
sed -E 's/^[0-9]+ +//; s/\) +=  */) = /' strace.txt | between |
	sed -E 's/^(fcntl\(-1, F_DUPFD_CLOEXEC, )[0-9]+\)/\15)/
		s/^(socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC, )[0-9]+\)/\1IPPROTO_TCP)/
		s/^(socket\(AF_INET6, SOCK_DGRAM, )[0-9]+\)/\1IPPROTO_UDP)/
		s/^(socketpair\(AF_UNIX, SOCK_STREAM, )[0-9]+(, NULL\))/\10\2/
		s/^(personality\(0xffffffff\) = 0) \(PER_LINUX\)$/\1/' >expected.txt
sed -E 's/^[0-9:.]+ \[[0-9]+ [0-9]+\] //; s/ <[0-9]+\.[0-9]+>$//' events.txt | between >actual.txt

n=$(wc -l <expected.txt)
((n > 100)) || fail "only $n lines of strace output between the markers:$(echo; cat strace.txt)"
if ! diff -u expected.txt actual.txt >diff.txt; then
	cat diff.txt
	fail "report --events differs from strace -f (expected: strace's lines)"
fi
note "ok: $n calls print as strace prints them"
# the three defects of issue 13, as strace prints them
grep -qx 'umask(000) = 022' actual.txt || fail "umask(000) missing"
grep -qx 'close_range(4294967294, 4294967295, 0x1 /\* CLOSE_RANGE_??? \*/) = -1 EINVAL (Invalid argument)' \
	actual.txt || fail "close_range with unknown flags missing"
grep -qx 'unlinkat(-1, NULL, 0x2000 /\* AT_??? \*/) = -1 EINVAL (Invalid argument)' actual.txt ||
	fail "unlinkat with AT_STATX_FORCE_SYNC's bit missing"
