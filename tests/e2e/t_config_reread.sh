# config_reread opens its config exactly 1000 times.  The C library's own
# start-up calls are measured on sleeper (same libraries, no openat, read or
# close of its own), so everything above that baseline is the program's.
source "$(dirname "$0")/lib.sh"
need_perf
need_example config_reread sleeper

record base.data -- "$EX/sleeper"
report -i base.data --format csv >base.csv
base_openat=$(csv_field base.csv openat calls)
base_read=$(csv_field base.csv read calls)
base_close=$(csv_field base.csv close calls)
note "start-up baseline: openat $base_openat, read $base_read, close $base_close"

# A config given on the command line (64 bytes: one read with data, one at
# end of file, each time).
printf '%063d\n' 0 >app.conf
record given.data -- "$EX/config_reread" "$TMP/app.conf"
report -i given.data --format csv >given.csv
assert_eq $((base_openat + 1000)) "$(csv_field given.csv openat calls)" "openat calls (baseline + 1000)"
assert_eq 0 "$(csv_field given.csv openat errors)" "openat errors"
assert_eq $((base_read + 2000)) "$(csv_field given.csv read calls)" "read calls (baseline + 2000)"
assert_eq $((base_close + 1000)) "$(csv_field given.csv close calls)" "close calls (baseline + 1000)"

# Its own config in /tmp: one more openat (the temporary name), then
# rename, and unlink at the end.
record own.data -- "$EX/config_reread"
assert_eq "config_reread: 1000 reads" "$(cat record.stdout)" "config_reread's output"
report -i own.data --format csv >own.csv
assert_eq $((base_openat + 1001)) "$(csv_field own.csv openat calls)" "openat calls (baseline + 1 + 1000)"
assert_eq 1 "$(csv_field own.csv rename calls)" "rename calls"
assert_eq 1 "$(csv_field own.csv unlink calls)" "unlink calls"

# The same run under strace -c agrees.
need_strace
strace -f -c -o strace.txt "$EX/config_reread" "$TMP/app.conf" >/dev/null
strace_counts strace.txt >strace.counts
assert_eq "$(awk '$1 == "openat" { print $2 }' strace.counts)" "$(csv_field given.csv openat calls)" \
	"openat calls, scprof vs strace -f -c"
