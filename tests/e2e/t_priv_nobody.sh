# Recording as an unprivileged user (nobody, uid 65534, through setpriv),
# with kernel.perf_event_paranoid as it is.  Each case fails with one line
# naming what is missing and exits 1, or records correctly:
#  1. no capability, tracefs as it is (root-only, mode 700): the tracefs
#     message (tracefs access, root).
#  2. CAP_PERFMON (ambient), tracefs as it is: the same tracefs message -
#     the capability alone is not enough while tracefs is root-only.
#  3. no capability, tracefs readable (simulated in a private mount
#     namespace): perf_event_open refuses; the message names root,
#     CAP_PERFMON and the perf_event_paranoid sysctl.
#  4. CAP_PERFMON (ambient), tracefs readable: recording works, exact
#     counts, the file belongs to nobody.
#  5. CAP_PERFMON as a file capability (setcap cap_perfmon+ep on a copy of
#     scprof, as the error message suggests), tracefs readable: works.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_root
need_perf
need_fault
command -v setpriv >/dev/null || skip "setpriv is not installed (util-linux)"
command -v unshare >/dev/null || skip "unshare is not installed (util-linux)"
[[ $(stat -c %a /sys/kernel/tracing 2>/dev/null) == 700 ]] ||
	skip "/sys/kernel/tracing is not the root-only mode 700 these cases expect"

share_with_nobody
with_readable_tracefs true 2>/dev/null ||
	skip "cannot mount a tmpfs on /sys/kernel/tracing in a private mount namespace (unshare --mount)"

paranoid=$(cat /proc/sys/kernel/perf_event_paranoid)
note "kernel.perf_event_paranoid = $paranoid"
chmod 755 "$TMP"
mkdir -m 1777 pub
as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
perfmon=(--inh-caps +perfmon --ambient-caps +perfmon)

# fails_with OUT PATTERN WHAT CMD...: CMD exits 1 with one line matching PATTERN.
fails_with()
{
	local out=$1 pattern=$2 what=$3 rc=0
	shift 3
	"$@" >"$out.stdout" 2>"$out.stderr" || rc=$?
	assert_eq 1 "$rc" "exit status, $what"
	assert_eq 1 "$(wc -l <"$out.stderr")" "lines on stderr, $what"
	grep -Eq "$pattern" "$out.stderr" || fail "$what: expected /$pattern/, got: $(cat "$out.stderr")"
	note "ok: $(cat "$out.stderr")"
	[[ ! -e pub/$out.data ]] || fail "$what: pub/$out.data was left behind"
	assert_eq "" "$(cat "$out.stdout")" "output of the command that was not run, $what"
}

tracefs_msg="^scprof: cannot read tracefs at /sys/kernel/tracing: Permission denied; run as root, or give this user read access to tracefs and CAP_PERFMON \(setcap cap_perfmon\+ep scprof\)$"
fails_with plain "$tracefs_msg" "nobody without CAP_PERFMON" \
	"${as_nobody[@]}" "$SCPROF" record -o pub/plain.data -- "$FAULT/faultprog" getppid 10
fails_with capped "$tracefs_msg" "nobody with CAP_PERFMON, tracefs root-only" \
	"${as_nobody[@]}" "${perfmon[@]}" "$SCPROF" record -o pub/capped.data -- "$FAULT/faultprog" getppid 10

if ((paranoid > -1)); then
	fails_with open "^scprof: not allowed to trace system calls \(perf_event_open: Permission denied\);.*root.*CAP_PERFMON.*kernel\.perf_event_paranoid" \
		"nobody without CAP_PERFMON, tracefs readable" \
		with_readable_tracefs "${as_nobody[@]}" "$SCPROF" record -o pub/open.data -- "$FAULT/faultprog" getppid 10
else
	# paranoid -1: perf_event_open needs no capability, so with tracefs
	# readable nobody records without CAP_PERFMON
	rc=0
	with_readable_tracefs "${as_nobody[@]}" "$SCPROF" record -o pub/open.data -- \
		"$FAULT/faultprog" getppid 10 >open.stdout 2>open.stderr || rc=$?
	assert_eq 0 "$rc" "exit status, nobody without CAP_PERFMON, tracefs readable, paranoid -1"
	assert_eq 10 "$(scf_calls pub/open.data getppid)" "getppid calls recorded by nobody, paranoid -1"
fi

rc=0
with_readable_tracefs "${as_nobody[@]}" "${perfmon[@]}" "$SCPROF" record -o pub/ok.data -- \
	"$FAULT/faultprog" getppid 10 >ok.stdout 2>ok.stderr || rc=$?
assert_eq 0 "$rc" "exit status, nobody with CAP_PERFMON and readable tracefs$( ((rc == 0)) || (echo; cat ok.stderr))"
assert_eq "getppid 10" "$(cat ok.stdout)" "output of the command recorded by nobody"
assert_complete pub/ok.data
assert_eq 10 "$(scf_calls pub/ok.data getppid)" "getppid calls recorded by nobody with CAP_PERFMON"
assert_eq "nobody 600" "$(stat -c '%U %a' pub/ok.data)" "owner and mode of nobody's recording"

# case 5; make test-deps installs setcap (libcap2-bin)
command -v setcap >/dev/null || fail "setcap is not installed (make test-deps, or apt-get install libcap2-bin)"
cp "$SCPROF" scprof-perfmon
chmod 755 scprof-perfmon
setcap cap_perfmon+ep scprof-perfmon 2>setcap.err || fail "setcap cap_perfmon+ep failed: $(cat setcap.err)"
rc=0
with_readable_tracefs "${as_nobody[@]}" ./scprof-perfmon record -o pub/file.data -- \
	"$FAULT/faultprog" getppid 20 >file.stdout 2>file.stderr || rc=$?
assert_eq 0 "$rc" "exit status, nobody running a cap_perfmon+ep scprof$( ((rc == 0)) || (echo; cat file.stderr))"
assert_eq 20 "$(scf_calls pub/file.data getppid)" "getppid calls recorded by a cap_perfmon+ep scprof"
