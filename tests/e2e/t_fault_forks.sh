# Thousands of short-lived child processes: 2000 children make exactly one
# getppid each, the parent 7 more.  Every one is recorded, each child as a
# process of its own, and no event is lost.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

record forks.data -- "$FAULT/faultprog" forks 2000
assert_eq "forks 2000" "$(cat record.stdout)" "output of faultprog forks 2000"
assert_complete forks.data
assert_eq 0 "$(scf forks.data trailer_lost)" "lost events"
assert_eq 2007 "$(scf_calls forks.data getppid)" "getppid calls (2000 children + 7)"
assert_eq 2000 "$(scf forks.data forks)" "FORK records"
assert_eq 2001 "$(scf forks.data exits)" "EXIT records (the children and the parent)"
report -i forks.data --format csv >all.csv
assert_eq 2007 "$(csv_field all.csv getppid calls)" "getppid calls in the report"
report -i forks.data --by process --format csv >proc.csv
assert_eq 2001 "$(csv_rows proc.csv name=getppid)" "processes that made getppid calls"
assert_eq 2000 "$(csv_rows proc.csv name=getppid calls=1)" "processes with exactly 1 getppid call"
assert_eq 1 "$(csv_rows proc.csv name=getppid calls=7)" "processes with exactly 7 getppid calls"
