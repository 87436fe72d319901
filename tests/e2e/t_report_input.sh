# report's input: the default file is ./scprof.data; a missing file is a
# one-line error naming it.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

"$SCPROF" record -- "$EX/syscall_mix" 100 10 1 >/dev/null 2>rec.err || fail "scprof record failed:$(echo; cat rec.err)"
[[ -s scprof.data ]] || fail "scprof record without -o wrote no ./scprof.data"
report --format csv >default.csv
assert_eq 111 "$(csv_field default.csv getppid calls)" "getppid calls read from ./scprof.data"

rc=0
"$SCPROF" report -i /nonexistent/x.data >out 2>err || rc=$?
((rc != 0)) || fail "report of a missing file exited 0"
assert_eq 1 "$(wc -l <err)" "lines on stderr for a missing file"
grep -q "^scprof: .*'/nonexistent/x.data'.*No such file or directory" err ||
	fail "expected scprof: ... '/nonexistent/x.data': No such file or directory, got: $(cat err)"
note "ok: $(cat err)"
