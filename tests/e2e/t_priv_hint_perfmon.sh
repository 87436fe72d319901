# An unprivileged user without CAP_PERFMON (nobody, through setpriv) who
# runs scprof record with tracefs root-only lacks two things: tracefs access
# and CAP_PERFMON (or root).  The one-line error must name CAP_PERFMON too,
# or the user follows its advice (make tracefs readable) only to meet a
# second refusal from perf_event_open.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_root
need_perf
need_fault
command -v setpriv >/dev/null || skip "setpriv is not installed (util-linux)"
[[ $(stat -c %a /sys/kernel/tracing 2>/dev/null) == 700 ]] ||
	skip "/sys/kernel/tracing is not the root-only mode 700 this case expects"
(($(cat /proc/sys/kernel/perf_event_paranoid) > -1)) ||
	skip "kernel.perf_event_paranoid is -1: CAP_PERFMON is not needed"

share_with_nobody
chmod 755 "$TMP"
mkdir -m 1777 pub
rc=0
setpriv --reuid=65534 --regid=65534 --clear-groups "$SCPROF" record -o pub/x.data -- true \
	>out 2>err || rc=$?
assert_eq 1 "$rc" "exit status"
assert_eq 1 "$(wc -l <err)" "lines on stderr"
grep -q tracefs err || fail "the message should name tracefs: $(cat err)"
grep -q CAP_PERFMON err || fail "the message names tracefs but not CAP_PERFMON, which nobody lacks too: $(cat err)"
note "ok: $(cat err)"
