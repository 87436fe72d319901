# Disk full while recording: the recorder says so in one line naming the
# file and the error (ENOSPC, "No space left on device"), exits non-zero,
# keeps what it wrote readable (a truncated file), and the recorded
# program is not harmed: it runs to its normal end with its normal output.
# A disk already full at the start: the same one-line error, no file left
# behind and the command is not run.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_root
need_perf
need_fault

mkdir small
mount -t tmpfs -o size=256k scprof-test-full small || skip "cannot mount a tmpfs (mount -t tmpfs failed)"
trap 'umount "$TMP/small" 2>/dev/null || true; _cleanup' EXIT

# About 2.5 bytes a call: a million getppid calls need some 2.5 MB.
rc=0
"$SCPROF" record -o small/full.data -- "$FAULT/faultprog" getppid 1000000 2 \
	>full.stdout 2>full.stderr || rc=$?
assert_eq 1 "$rc" "exit status of scprof record on a full disk"
assert_eq "getppid 1000000" "$(cat full.stdout)" "output of the recorded program"
assert_eq 1 "$(wc -l <full.stderr)" "lines on stderr"
grep -q "^scprof: cannot write 'small/full.data': No space left on device" full.stderr ||
	fail "the error should name the file and ENOSPC, got: $(cat full.stderr)"
note "ok: $(cat full.stderr)"
assert_truncated small/full.data
assert_between 1 999999 "$(scf_calls small/full.data getppid)" "getppid calls in the partial file"

# A disk already full: nothing can be written at all.
rm small/full.data
dd if=/dev/zero of=small/filler bs=4k 2>/dev/null || true
rc=0
"$SCPROF" record -o small/none.data -- "$FAULT/faultprog" getppid 10 \
	>none.stdout 2>none.stderr || rc=$?
assert_eq 1 "$rc" "exit status of scprof record on a disk already full"
assert_eq 1 "$(wc -l <none.stderr)" "lines on stderr"
grep -q "^scprof: cannot write 'small/none.data': No space left on device" none.stderr ||
	fail "the error should name the file and ENOSPC, got: $(cat none.stderr)"
note "ok: $(cat none.stderr)"
[[ ! -e small/none.data ]] || fail "an empty small/none.data was left behind"
assert_eq "" "$(cat none.stdout)" "output of the command that was not run"
