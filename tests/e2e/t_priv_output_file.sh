# The output file: mode 0600 whatever the umask (a recording holds command
# lines and arguments); an existing file is renamed to FILE.old, its content
# kept; a symlink at the output path is refused, never followed nor moved:
# its target is not touched, and a dangling link's target is not created
# (t_harden_output checks devices, FIFOs, directories and sockets); a hard
# link is a regular file: moved aside, the other name keeps its content.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

(umask 000 && "$SCPROF" record -o open.data -- true >/dev/null 2>&1) || fail "scprof record with umask 000 failed"
assert_eq 600 "$(stat -c %a open.data)" "mode with umask 000"
(umask 077 && "$SCPROF" record -o closed.data -- true >/dev/null 2>&1) || fail "scprof record with umask 077 failed"
assert_eq 600 "$(stat -c %a closed.data)" "mode with umask 077"

# An existing recording becomes FILE.old, byte for byte.
record run.data -- "$FAULT/faultprog" getppid 11
cp run.data first.copy
record run.data -- "$FAULT/faultprog" getppid 22
cmp -s run.data.old first.copy || fail "run.data.old differs from the first recording"
assert_eq 11 "$(scf_calls run.data.old getppid)" "getppid calls in run.data.old"
assert_eq 22 "$(scf_calls run.data getppid)" "getppid calls in the new run.data"
# ... and a third run replaces FILE.old with the second.
record run.data -- "$FAULT/faultprog" getppid 33
assert_eq 22 "$(scf_calls run.data.old getppid)" "getppid calls in run.data.old after a third run"

# A symlink to a file: refused, the link and the file untouched.
echo "precious content" >target
chmod 644 target
touch -d '2001-02-03 04:05:06' target
ln -s target link.data
rc=0
"$SCPROF" record -o link.data -- "$FAULT/faultprog" getppid 5 >link.out 2>link.err || rc=$?
assert_eq 1 "$rc" "exit status with a symlink at the output path"
assert_eq "scprof: refusing to replace 'link.data': it is a symbolic link, and only a regular file is replaced; choose another file with -o" \
	"$(cat link.err)" "the message for a symlink at the output path"
assert_eq "precious content" "$(cat target)" "content of the symlink's target"
assert_eq "644 $(date -d '2001-02-03 04:05:06' +%s)" "$(stat -c '%a %Y' target)" "mode and mtime of the symlink's target"
assert_eq target "$(readlink link.data)" "link.data: still the symlink"
[[ ! -e link.data.old && ! -L link.data.old ]] || fail "link.data.old should not exist"

# A dangling symlink: refused, its target is not created.
ln -s "$TMP/must-not-exist" dangling.data
rc=0
"$SCPROF" record -o dangling.data -- true >/dev/null 2>&1 || rc=$?
assert_eq 1 "$rc" "exit status with a dangling symlink at the output path"
[[ ! -e must-not-exist ]] || fail "the dangling symlink's target was created"
assert_eq "$TMP/must-not-exist" "$(readlink dangling.data)" "dangling.data: still the symlink"

# A hard link: the other name keeps the old content.
echo "other name" >other
ln other hard.data
record hard.data -- true
assert_eq "other name" "$(cat other)" "content of the file hard-linked at the output path"
assert_eq 600 "$(stat -c %a hard.data)" "mode of the new hard.data"
