# scprof record exits with the recorded command's exit status; a command
# that cannot be run exits 127 with a one-line error.
source "$(dirname "$0")/lib.sh"
need_perf

rc=0
"$SCPROF" record -o three.data -- sh -c 'exit 3' >out 2>err || rc=$?
assert_eq 3 "$rc" "exit status of: scprof record -- sh -c 'exit 3'"
[[ -s three.data ]] || fail "no recording written for sh -c 'exit 3'"

rc=0
"$SCPROF" record -o true.data -- true >out 2>err || rc=$?
assert_eq 0 "$rc" "exit status of: scprof record -- true"

rc=0
"$SCPROF" record -o missing.data -- /nonexistent/scprof-no-such-command arg >out 2>err || rc=$?
assert_eq 127 "$rc" "exit status of: scprof record -- /nonexistent/scprof-no-such-command"
assert_eq 1 "$(wc -l <err)" "lines on stderr for a missing command"
grep -q '^scprof: .*/nonexistent/scprof-no-such-command' err ||
	fail "the error should start with 'scprof: ' and name the command, got: $(cat err)"
note "ok: $(cat err)"
