# report --by file counts file_calls' calls under the file, socket or pipe
# they touched: its 25 opens of a missing path (25 errors, ENOENT), the
# 8 calls on the file it writes (open, 3 writes, lseek, read, close,
# unlink), the refused connect under the socket it went through, the
# pipe's five calls; the
# same in the JSON groups (keyed "file") and the CSV.
source "$(dirname "$0")/lib.sh"
need_bpf
need_example file_calls

record calls.data -- "$EX/file_calls" 25 3 "$TMP"
report -i calls.data --by file --format csv >files.csv
missing=/nonexistent/scprof-file_calls
file=$(awk -F, '$1 ~ /\/scprof-file_calls\.[0-9]+$/ { print $1; exit }' files.csv)
[[ $file == "$TMP"/scprof-file_calls.* ]] || fail "no group of the written file in:$(echo; cat files.csv)"

assert_eq 25 "$(csv_sum files.csv calls file="$missing")" "calls on $missing"
assert_eq 25 "$(csv_sum files.csv errors file="$missing")" "errors on $missing"
assert_eq 1 "$(csv_rows files.csv file="$missing")" "syscalls on $missing (openat only)"
assert_eq 25 "$(csv_sum files.csv calls file="$missing" name=openat)" "openat on $missing"
assert_eq 8 "$(csv_sum files.csv calls file="$file")" "calls on the written file"
assert_eq 3 "$(csv_sum files.csv calls file="$file" name=write)" "writes through its descriptor"
assert_eq 1 "$(csv_sum files.csv calls file="$file" name=read)" "reads through its descriptor"
assert_eq 0 "$(csv_sum files.csv errors file="$file")" "errors on the written file"
assert_eq 1 "$(csv_sum files.csv calls file='socket:[AF_INET]' name=connect)" "connect on socket:[AF_INET]"
assert_eq 1 "$(csv_sum files.csv errors file='socket:[AF_INET]' name=connect)" "refused connects"
assert_eq 0 "$(csv_rows files.csv name=getpid)" "getpid rows (it touches no file)"

# the text table: one row per file
report -i calls.data --by file >files.txt
grep -qE "^ +[0-9.]+ +[0-9.]+ +[0-9]+ +25 +25 $missing\$" files.txt ||
	fail "no row of 25 calls, 25 errors for $missing:$(echo; cat files.txt)"
report -i calls.data --by file,syscall >tables.txt
grep -qxF "file $missing" tables.txt || fail "no table of $missing:$(echo; cat tables.txt)"

# JSON: groups keyed "file"
report -i calls.data --by file --format json >files.json
json_flat files.json >flat.txt
idx=$(awk -F'\t' -v f="$missing" '$1 ~ /^groups\[[0-9]+\]\.file$/ && $2 == f { gsub(/[^0-9]/, "", $1); print $1 }' flat.txt)
[[ -n $idx ]] || fail "no JSON group with \"file\": \"$missing\""
assert_eq 25 "$(json_get files.json "groups[$idx].calls")" "JSON calls of $missing"
assert_eq 25 "$(json_get files.json "groups[$idx].errors")" "JSON errors of $missing"
assert_eq openat "$(json_get files.json "groups[$idx].syscalls[0].name")" "JSON syscall of $missing"
assert_eq 25 "$(json_get files.json "groups[$idx].syscalls[0].errnos.ENOENT")" "JSON ENOENT of $missing"

# the pipe, named from the int[2] pipe2 filled in: pipe2, the write to
# its write end, the read from its read end, and the two closes (from the
# JSON: the name has a comma, which the CSV helpers do not unquote)
pipe=$(grep -o -m1 'pipe:\[[0-9]*:3,4\]' files.json) || fail "no group of the pipe (fds 3 and 4) in files.json"
pidx=$(awk -F'\t' -v f="$pipe" '$1 ~ /^groups\[[0-9]+\]\.file$/ && $2 == f { gsub(/[^0-9]/, "", $1); print $1 }' flat.txt)
assert_eq 5 "$(json_get files.json "groups[$pidx].calls")" "calls on $pipe"
assert_eq "close=2 pipe2=1 read=1 write=1" \
	"$(awk -F'\t' -v g="groups[$pidx].syscalls" 'index($1, g "[") == 1 && $1 ~ /\.name$/ { n = $2 }
		index($1, g "[") == 1 && $1 ~ /\.calls$/ { print n "=" $2 }' flat.txt | sort | tr '\n' ' ' | sed 's/ $//')" \
	"syscalls on $pipe"
