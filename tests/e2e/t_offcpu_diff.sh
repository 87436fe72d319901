# scprof diff of recordings with off-CPU times (record --off-cpu): the
# same pipe reader woken every 20 ms, then every 40 ms: read's blocked time
# doubles while its calls stay the same, and 'blocked(read) > +20%' trips
# (exit status 3) where 'blocked(read) < -20%' does not; the text shows
# the on-CPU, blocked and runnable table, JSON the blocked_ns change.
# A rule on blocked time without off-CPU times on both sides is refused.
source "$(dirname "$0")/lib.sh"
need_bpf
need_example pipe_waker

record a.data --off-cpu -- "$EX/pipe_waker" 10 20
record b.data --off-cpu -- "$EX/pipe_waker" 10 40
rc=0
"$SCPROF" diff a.data b.data --fail-if 'blocked(read) > +20%' >diff.txt 2>err.txt || rc=$?
assert_eq 3 "$rc" "exit status with 'blocked(read) > +20%'"
[[ $(grep -cE "^scprof: fail-if 'blocked\(read\) > \+20%' tripped: read blocked time 2[0-9][0-9]ms -> 4[0-9][0-9]ms \(\+[0-9.]+%\)$" err.txt) == 1 ]] ||
	fail "unexpected verdict:$(echo; cat err.txt)"
[[ $(grep -cE -- '-+ blocked time -+' diff.txt) == 1 ]] || fail "no blocked time table:$(echo; cat diff.txt)"
rc=0
"$SCPROF" diff a.data b.data --fail-if 'blocked(read) < -20%' --fail-if 'calls(read) != 0' >/dev/null 2>err.txt || rc=$?
assert_eq 3 "$rc" "exit status with 'calls(read) != 0' (a rule that must trip, beside one that must not)"
[[ $(grep -c "blocked(read) < -20%" err.txt) == 0 ]] || fail "'blocked(read) < -20%' tripped:$(echo; cat err.txt)"
rc=0
"$SCPROF" diff a.data b.data --fail-if 'blocked(read) < -20%' >/dev/null 2>err.txt || rc=$?
assert_eq 0 "$rc" "exit status with 'blocked(read) < -20%'"

"$SCPROF" diff a.data b.data --format json >diff.json
json_flat diff.json >flat.txt
b=$(awk -F '\t' '$1 ~ /^syscalls\[[0-9]+\]\.name$/ && $2 == "read" { sub(/\.name$/, "", $1); p = $1 } { v[$1] = $2 }
	END { print v[p ".blocked_ns.base"] " " v[p ".blocked_ns.new"] }' flat.txt)
read -r base new <<<"$b"
assert_between 200000000 2000000000 "${base%.*}" "read's blocked_ns base in JSON"
assert_between 400000000 4000000000 "${new%.*}" "read's blocked_ns new in JSON (at least 10 x 40 ms)"

record plain.data -- "$EX/pipe_waker" 10 20
rc=0
"$SCPROF" diff plain.data b.data --fail-if 'blocked(read) > +20%' >/dev/null 2>err.txt || rc=$?
assert_eq 2 "$rc" "exit status of a blocked rule without off-CPU times"
[[ $(grep -c "blocked time needs off-CPU times in every recording of both sides; record them with 'scprof record --off-cpu'" err.txt) == 1 ]] ||
	fail "unexpected message:$(echo; cat err.txt)"
