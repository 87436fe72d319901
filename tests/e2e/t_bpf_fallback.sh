# Who gets which recorder, as user nobody (setpriv):
#  1. CAP_PERFMON without CAP_BPF, tracefs readable (a private mount
#     namespace, as in t_priv_nobody): the tracepoint recorder records,
#     after exactly one line saying why (and that paths need the BPF
#     recorder; with -s, the data too); exact counts; the file says
#     "tracepoint".  With --no-bpf, no such line.
#  2. CAP_BPF and CAP_PERFMON, tracefs root-only as it is: the BPF
#     recorder records (it needs no tracefs), exact counts and paths, the
#     file belongs to nobody and says "bpf".
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_root
need_bpf
need_fault
command -v setpriv >/dev/null || skip "setpriv is not installed (util-linux)"
command -v unshare >/dev/null || skip "unshare is not installed (util-linux)"
share_with_nobody
with_readable_tracefs true 2>/dev/null ||
	skip "cannot mount a tmpfs on /sys/kernel/tracing in a private mount namespace (unshare --mount)"
chmod 755 "$TMP"
mkdir -m 1777 pub
as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
perfmon=(--inh-caps +perfmon --ambient-caps +perfmon)
bpf_perfmon=(--inh-caps +bpf,+perfmon --ambient-caps +bpf,+perfmon)
why="scprof: recording through the syscall tracepoints: not allowed to load BPF programs (they need root, or CAP_BPF and CAP_PERFMON); paths need the BPF recorder"

kind() # FILE: the recorder named in its metadata
{
	"$SCPROF" dump -i "$1" | awk '$1 == "recorder_kind" { print $3 }'
}

rc=0
with_readable_tracefs "${as_nobody[@]}" "${perfmon[@]}" "$SCPROF" record -o pub/tp.data -- \
	"$FAULT/faultprog" getppid 10 >tp.stdout 2>tp.stderr || rc=$?
assert_eq 0 "$rc" "exit status, CAP_PERFMON only$( ((rc == 0)) || (echo; cat tp.stderr))"
assert_eq "$why" "$(head -1 tp.stderr)" "the first line on stderr, CAP_PERFMON only"
assert_eq 1 "$(grep -c 'BPF' tp.stderr)" "lines about the BPF recorder, CAP_PERFMON only"
assert_eq 10 "$(scf_calls pub/tp.data getppid)" "getppid calls, CAP_PERFMON only"
assert_eq "(tracepoint)" "$(kind pub/tp.data)" "recorder in the file, CAP_PERFMON only"

rc=0
with_readable_tracefs "${as_nobody[@]}" "${perfmon[@]}" "$SCPROF" record -s 16 -o pub/tps.data -- \
	"$FAULT/faultprog" getppid 10 >tps.stdout 2>tps.stderr || rc=$?
assert_eq 0 "$rc" "exit status, CAP_PERFMON only, -s 16"
assert_eq "${why/paths need/paths and -s data need}" "$(head -1 tps.stderr)" "the first line on stderr, -s 16"

rc=0
with_readable_tracefs "${as_nobody[@]}" "${perfmon[@]}" "$SCPROF" record --no-bpf -o pub/nobpf.data -- \
	"$FAULT/faultprog" getppid 10 >nobpf.stdout 2>nobpf.stderr || rc=$?
assert_eq 0 "$rc" "exit status, CAP_PERFMON only, --no-bpf"
assert_eq 0 "$(grep -c 'BPF' nobpf.stderr)" "lines about the BPF recorder, --no-bpf"
assert_eq 10 "$(scf_calls pub/nobpf.data getppid)" "getppid calls, --no-bpf"

rc=0
"${as_nobody[@]}" "${bpf_perfmon[@]}" "$SCPROF" record -o pub/bpf.data -- \
	"$FAULT/faultprog" exec 10 /bin/true >bpf.stdout 2>bpf.stderr || rc=$?
assert_eq 0 "$rc" "exit status, CAP_BPF and CAP_PERFMON$( ((rc == 0)) || (echo; cat bpf.stderr))"
assert_eq 1 "$(wc -l <bpf.stderr)" "lines on stderr (the summary), CAP_BPF and CAP_PERFMON"
assert_eq 10 "$(scf_calls pub/bpf.data getppid)" "getppid calls, CAP_BPF and CAP_PERFMON"
assert_eq "(bpf)" "$(kind pub/bpf.data)" "recorder in the file, CAP_BPF and CAP_PERFMON"
assert_eq 1 "$("$SCPROF" dump -i pub/bpf.data | grep -c "execve(.*capture 0 path '/bin/true'")" \
	"execve's path, CAP_BPF and CAP_PERFMON"
assert_eq "nobody 600" "$(stat -c '%U %a' pub/bpf.data)" "owner and mode of nobody's recording"
