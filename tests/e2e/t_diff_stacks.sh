# scprof diff --stacks: two recordings of diffstacks_target at known,
# different counts compare per call stack with exact call deltas; the
# difffolded and SVG formats; filters; two runs pooled per recording; and
# the error for a recording without stacks.
source "$(dirname "$0")/diff_lib.sh"
need_perf
TARGET=$ROOT/build/tests/e2e/diffstacks_target
[[ -x $TARGET ]] || fail "$TARGET is not built (run make)"

record base.data -g fp -- "$TARGET" 1000 3000 100
record new.data -g fp -- "$TARGET" 2000 3000 0
record new2.data -g fp -- "$TARGET" 2000 3000 0
record nostacks.data -- "$TARGET" 10 10 10

# folded_pair FILE SUFFIX: "BASE NEW" of the line whose stack ends with the
# frames SUFFIX (summed if several)
folded_pair()
{
	awk -v suf="$2" '
	{ n = split($1, f, ";"); m = split(suf, g, ";")
	  if (n < m) next
	  for (i = 0; i < m; i++) if (f[n - i] != g[m - i]) next
	  b += $2; c += $3; k++ }
	END { if (k) printf "%d %d\n", b, c }' "$1"
}

# difffolded, calls: exact deltas per stack
diff_run 0 --format folded --weight calls base.data new.data
cp diff.out calls.folded
assert_eq "1000 2000" "$(folded_pair calls.folded 'main;load_config;openat')" "load_config's openat"
assert_eq "3000 3000" "$(folded_pair calls.folded 'main;spin;getppid')" "spin's getppid"
assert_eq "100 0" "$(folded_pair calls.folded 'main;gone;getpid')" "gone's getpid (vanished)"
assert_eq 0 "$(grep -vcE '^diffstacks_targ;[^ ]+ [0-9]+ [0-9]+$' calls.folded || true)" \
	"lines not 'comm;...;syscall BASE NEW'"

# time weight: microseconds, NEW matching the report's folded time of that stack
diff_run 0 --format folded -e trace=getppid base.data new.data
report -i new.data --format folded -e trace=getppid >new_time.folded
assert_eq "$(awk '{ t += $NF } END { print t }' new_time.folded)" \
	"$(awk '{ t += $3 } END { print t }' diff.out)" "getppid time (us) of NEW, diff vs report"
assert_eq 0 "$(grep -vc ';getppid ' diff.out || true)" "-e trace=getppid: other syscalls"

# the table: sorted by the change of calls with -S calls, top 2, vanished marked
diff_run 0 --stacks -S calls --top 2 base.data new.data
cp diff.out table.txt
assert_eq 2 "$(grep -c ';' table.txt)" "--top 2 rows"
row1=$(grep ';' table.txt | sed -n 1p)
[[ $row1 == *"main;load_config;openat" ]] || fail "first row: $row1"
assert_eq "1000 2000 +1000" "$(awk '{ print $1, $2, $3 }' <<<"$row1")" "first row's calls"
row2=$(grep ';' table.txt | sed -n 2p)
[[ $row2 == *"main;gone;getpid  (vanished)" ]] || fail "second row: $row2"
assert_eq "100 0 -100" "$(awk '{ print $1, $2, $3 }' <<<"$row2")" "second row's calls"

# filters as in diff: -e trace=openat --failed leaves only the failing
# openat of load_config (the loader's access of ld.so.preload fails too)
diff_run 0 --stacks -e trace=openat --failed base.data new.data
assert_eq 1 "$(grep -c ';' diff.out)" "--failed: stacks"
grep -q 'main;load_config;openat$' diff.out || fail "--failed: $(cat diff.out)"

# pooled: two NEW recordings, counts per recording
diff_run 0 --format folded --weight calls base.data new.data,new2.data
assert_eq "1000 2000" "$(folded_pair diff.out 'main;load_config;openat')" "pooled: per recording"

# svg: well-formed, widths from NEW, load_config red (grew)
diff_run 0 --format svg base.data new.data
cp diff.out d.svg
[[ $(head -1 d.svg) == '<?xml '* ]] || fail "not an XML document"
assert_eq "</svg>" "$(tail -1 d.svg)" "last line"
need_python3
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' d.svg ||
	fail "d.svg is not well-formed XML"
(($(grep -o '<title>load_config: [^<]*</title><rect [^>]*' d.svg | grep -c 'fill="rgb(255,'))) ||
	fail "load_config is not red: $(grep -o '<title>load_config[^>]*>[^>]*>' d.svg)"
assert_eq 0 "$(grep -c '<title>gone:' d.svg || true)" "vanished frames (no width in NEW)"

# without stacks: a usage error naming the recording
diff_run 2 --stacks base.data nostacks.data
grep -q "'nostacks.data' has no call stacks; record with -g fp" diff.err ||
	fail "error: $(cat diff.err)"
diff_run 2 --format folded nostacks.data new.data
grep -q "'nostacks.data' has no call stacks" diff.err || fail "error: $(cat diff.err)"
