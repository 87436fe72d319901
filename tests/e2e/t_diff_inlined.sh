# scprof diff --stacks marks inlined frames as report does: two -g dwarf
# recordings of examples/stacks_inline.c, whose always_inline fetch makes
# 700 getppid calls inside refresh: "fetch (inlined)" in the table and in
# the differential SVG, the plain name in the difffolded format.
source "$(dirname "$0")/diff_lib.sh"
need_perf
need_example stacks_inline

record base.data -g dwarf -- "$EX/stacks_inline"
record new.data -g dwarf -- "$EX/stacks_inline"

# the table: each stack's calls, fetch marked and refresh's own gettid not
diff_run 0 --stacks -S name --top 0 -e trace=getpid,getppid,gettid base.data new.data
cp diff.out table.txt
assert_eq 3 "$(grep -c ';' table.txt)" "stacks of getpid, getppid, gettid"
row=$(grep ';getppid$' table.txt)
[[ $row == *";main;refresh;fetch (inlined);syscall;getppid" ]] || fail "getppid's stack: $row"
assert_eq "700 700 0" "$(awk '{ print $1, $2, $3 }' <<<"$row")" "getppid's calls"
row=$(grep ';gettid$' table.txt)
[[ $row == *";main;refresh;syscall;gettid" ]] || fail "gettid's stack: $row"
assert_eq "300 300 0" "$(awk '{ print $1, $2, $3 }' <<<"$row")" "gettid's calls"
row=$(grep ';getpid$' table.txt)
[[ $row == *";main;load;syscall;getpid" ]] || fail "getpid's stack: $row"
assert_eq "400 400 0" "$(awk '{ print $1, $2, $3 }' <<<"$row")" "getpid's calls"
assert_eq 1 "$(grep -c '(inlined)' table.txt)" "rows with an inlined frame"

# difffolded: plain names, as report's folded format
diff_run 0 --format folded --weight calls -e trace=getpid,getppid,gettid base.data new.data
cp diff.out calls.folded
assert_eq 0 "$(grep -c '(inlined)' calls.folded || true)" "folded lines marking inlined frames"
assert_eq "700 700" "$(awk '$1 ~ /;main;refresh;fetch;syscall;getppid$/ { print $2, $3 }' calls.folded)" \
	"folded: main;refresh;fetch;syscall;getppid BASE NEW"
assert_eq 3 "$(wc -l <calls.folded)" "folded lines"

# the differential SVG: one fetch frame, named as report's SVG names it
diff_run 0 --format svg --weight calls -e trace=getpid,getppid,gettid base.data new.data
cp diff.out d.svg
need_python3
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' d.svg ||
	fail "d.svg is not well-formed XML"
assert_eq "<title>fetch (inlined): base 700, new 700, change 0 (0.0%)</title>" \
	"$(grep -o '<title>fetch[^<]*</title>' d.svg)" "svg: fetch's title"
assert_eq ">fetch (inlined)</text>" "$(grep -o '>fetch[^<]*</text>' d.svg)" "svg: fetch's label"
assert_eq 0 "$(grep -c $'\x01' d.svg table.txt calls.folded | awk -F: '{ s += $2 } END { print s }')" \
	"the key's inlined byte in any output"
