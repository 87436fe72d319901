# diff --by file: groups matched by the file, socket or pipe the calls
# touched, as report --by file names them.  dd bs=1 reads its standard
# input (a file) and writes its standard output (/dev/null) one byte a
# call: 100 of each in the base, 250 in the new recording.  Both are
# descriptors dd inherited, named from /proc when recording started, so
# the answer is the same with either recorder.
source "$(dirname "$0")/diff_lib.sh"
need_perf

data=$TMP/input.bin
head -c 300 /dev/zero >"$data"
"$SCPROF" record -o base.data -- dd bs=1 count=100 <"$data" >/dev/null 2>dd.err || fail "record base:$(echo; cat dd.err)"
"$SCPROF" record -o new.data -- dd bs=1 count=250 <"$data" >/dev/null 2>dd.err || fail "record new:$(echo; cat dd.err)"

diff_run 0 --by file --format csv base.data new.data
cp diff.out f.csv
assert_eq 100 "$(csv_field f.csv read calls_base group="$data")" "reads of $data in the base"
assert_eq 250 "$(csv_field f.csv read calls_new group="$data")" "reads of $data in the new recording"
assert_eq 150 "$(csv_field f.csv read calls_change group="$data")" "the change of reads of $data"
assert_eq 150 "$(csv_field f.csv write calls_change group=/dev/null)" "the change of writes to /dev/null"
assert_eq 0 "$(csv_rows f.csv group="$data" name=write)" "writes under $data"

# JSON: the groups keyed "file" (and "label", as every diff group)
diff_run 0 --by file --format json base.data new.data
cp diff.out f.json
assert_eq file "$(json_get f.json by)" "\"by\""
json_flat f.json >flat.txt
idx=$(awk -F'\t' -v f="$data" '$1 ~ /^groups\[[0-9]+\]\.file$/ && $2 == f { gsub(/[^0-9]/, "", $1); print $1 }' flat.txt)
[[ -n $idx ]] || fail "no JSON group with \"file\": \"$data\""
assert_eq "$data" "$(json_get f.json "groups[$idx].label")" "the group's label"
sidx=$(awk -F'\t' -v g="groups[$idx].syscalls[" 'index($1, g) == 1 && $1 ~ /\.name$/ && $2 == "read" {
	s = substr($1, length(g) + 1); sub(/\].*/, "", s); print s }' flat.txt)
[[ -n $sidx ]] || fail "no read row in the JSON group of $data"
assert_eq 100 "$(json_get f.json "groups[$idx].syscalls[$sidx].calls.base")" "JSON reads of $data, base"
assert_eq 250 "$(json_get f.json "groups[$idx].syscalls[$sidx].calls.new")" "JSON reads of $data, new"

# the text: a table per file
diff_run 0 --by file base.data new.data
assert_eq 1 "$(grep -cxF "file $data: changed" diff.out || true)" "the text group of $data"
