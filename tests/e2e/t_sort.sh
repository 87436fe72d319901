# -S orders the rows: by calls, by errors, by name.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix

record mix.data -- "$EX/syscall_mix"
report -i mix.data --format csv -S calls >calls.csv
assert_eq getppid "$(awk -F, 'NR == 2 { print $1 }' calls.csv)" "first row with -S calls"
awk -F, 'NR > 2 && $3 > prev { bad = 1 } NR > 1 { prev = $3 } END { exit bad }' calls.csv ||
	fail "-S calls: calls not in decreasing order"

report -i mix.data --format csv -S errors >errors.csv
assert_eq "openat close" "$(awk -F, 'NR == 2 || NR == 3 { print $1 }' errors.csv | xargs)" "first rows with -S errors"

report -i mix.data --format csv -S name >name.csv
awk -F, 'NR > 1 { print $1 }' name.csv >names
LC_ALL=C sort -c names || fail "-S name: names not in order"
note "ok: -S name sorts by name"
