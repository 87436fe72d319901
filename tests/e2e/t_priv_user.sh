# record -u USER runs the command as USER (uid, gid and groups of USER,
# none of root's) while recording works as usual; -u needs root.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_root
need_perf
need_fault
getent passwd nobody >/dev/null || skip "there is no user 'nobody'"
share_with_nobody
uid=$(id -u nobody)
groups=$(id -G nobody)

record id.data -u nobody -- id -u
assert_eq "$uid" "$(cat record.stdout)" "id -u run by scprof record -u nobody"
assert_complete id.data
report -i id.data --format csv >id.csv
assert_eq 1 "$(csv_field id.csv write calls)" "write calls of id -u"

record groups.data -u nobody -- id -G
assert_eq "$groups" "$(cat record.stdout)" "id -G run by scprof record -u nobody"
# a recorder with supplementary groups of its own (root in groups 4 and
# 27): the command still has nobody's and none of them
rc=0
setpriv --groups 4,27 "$SCPROF" record -o groups2.data -u nobody -- id -G >groups2.out 2>groups2.err || rc=$?
assert_eq 0 "$rc" "exit status of record -u nobody run in groups 4 and 27$( ((rc == 0)) || (echo; cat groups2.err))"
assert_eq "$groups" "$(cat groups2.out)" "id -G run by scprof record -u nobody from groups 4 and 27"

record calls.data -u nobody -- "$FAULT/faultprog" getppid 33
assert_eq "getppid 33" "$(cat record.stdout)" "output of faultprog run as nobody"
assert_eq 33 "$(scf_calls calls.data getppid)" "getppid calls of the command run as nobody"
assert_eq "root 600" "$(stat -c '%U %a' calls.data)" "owner and mode of the recording"

# -u as an unprivileged user, and an unknown user: usage errors, exit 2.
chmod 755 "$TMP"
rc=0
setpriv --reuid="$uid" --regid="$uid" --clear-groups "$SCPROF" record -o /dev/null/x -u nobody -- true \
	>out 2>err || rc=$?
assert_eq 2 "$rc" "exit status of -u run by nobody"
grep -q '^scprof: -u needs scprof to run as root$' err || fail "unexpected message: $(cat err)"
rc=0
"$SCPROF" record -o none.data -u scprof-no-such-user -- true >out 2>err || rc=$?
assert_eq 2 "$rc" "exit status of -u with an unknown user"
grep -q "^scprof: no such user 'scprof-no-such-user'$" err || fail "unexpected message: $(cat err)"
[[ ! -e none.data ]] || fail "none.data was written although -u failed"

# The command inherits no descriptor from the recorder (perf events, ring
# buffers, pidfds, pipes, the output file): its open descriptors are those
# it has when run directly (0, 1 and 2 left out: their redirections differ).
"$FAULT/faultprog" fds 2>/dev/null | grep -v '^fd [012] ' >direct.fds || true
record fds.data -- "$FAULT/faultprog" fds
assert_eq "$(cat direct.fds)" "$(grep -v '^fd [012] ' record.stdout)" \
	"descriptors above 2 open in the command under scprof record"
record fds-nobody.data -u nobody -- "$FAULT/faultprog" fds
assert_eq "$(cat direct.fds)" "$(grep -v '^fd [012] ' record.stdout)" \
	"descriptors above 2 open in the command run as nobody"
