# Groups are matched by name across recordings, never by PID: the two
# runs of diff_target are one process group and one comm group.  Filters
# work as in the report.
source "$(dirname "$0")/diff_lib.sh"
need_perf
need_diff_target

record base.data -- "$DIFF_TARGET" 1000 3
record new.data -- "$DIFF_TARGET" 3000 4

diff_run 0 --format csv --by process base.data new.data
cp diff.out p.csv
assert_eq 1 "$(csv_rows p.csv name=getppid)" "one getppid row: the processes matched"
assert_eq diff_target "$(csv_field p.csv getppid group)" "the group is the process's name"
assert_eq 2000 "$(csv_field p.csv getppid calls_change)" "getppid calls change in the group"

diff_run 0 --format json --by comm -S calls base.data new.data
cp diff.out c.json
assert_eq diff_target "$(json_get c.json 'groups[0].label')" "the comm group"
assert_eq "" "$(json_get c.json 'groups[1].label' || true)" "a single comm group"
assert_eq 2000 "$(json_get c.json 'groups[0].syscalls[0].calls.change')" \
	"the comm group's largest change of calls is getppid's"

diff_run 0 --format csv -e trace=getppid,openat base.data new.data
cp diff.out f.csv
assert_eq 2 "$(csv_rows f.csv)" "-e trace=getppid,openat: two rows"
diff_run 0 --format csv --failed base.data new.data
cp diff.out z.csv
assert_eq 1 "$(csv_field z.csv openat errors_change)" "--failed: openat errors change"
assert_eq 0 "$(csv_rows z.csv name=getppid)" "--failed: no getppid row"
