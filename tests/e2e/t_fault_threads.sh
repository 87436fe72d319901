# Hundreds of threads created and ended during the recording: 300 threads
# (at most 30 at a time) make exactly 10 getppid each.  Every call is
# recorded under its own thread, and no event is lost.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

record threads.data -- "$FAULT/faultprog" threads 300 10
assert_eq "threads 300 10" "$(cat record.stdout)" "output of faultprog threads 300 10"
assert_complete threads.data
assert_eq 0 "$(scf threads.data trailer_lost)" "lost events"
assert_eq 3000 "$(scf_calls threads.data getppid)" "getppid calls (300 threads x 10)"
assert_eq 300 "$(scf threads.data forks)" "FORK records (thread creations)"
assert_eq 301 "$(scf threads.data exits)" "EXIT records (the threads and the process)"
report -i threads.data --by thread --format csv >thr.csv
assert_eq 300 "$(csv_rows thr.csv name=getppid)" "threads that made getppid calls"
assert_eq 300 "$(csv_rows thr.csv name=getppid calls=10)" "threads with exactly 10 getppid calls"
assert_eq 3000 "$(csv_sum thr.csv calls name=getppid)" "getppid calls by thread"
