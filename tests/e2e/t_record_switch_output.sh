# record --switch-output: a new file <output>.<YYYYMMDDHHMMSSmmm> every
# interval or size, each complete alone (its own metadata, process names
# and trailer); the calls of all the files add up exactly to the
# program's, and the summary line says how many files were written.
source "$(dirname "$0")/lib.sh"
need_perf
need_example getppid_loop

# the files, oldest first, of a recording to base name $1
files_of()
{
	ls -1 "$1".* 2>/dev/null | grep -E "^$1\.[0-9]{17}$" || true
}

# check_files BASE COUNT: COUNT complete files whose getppid and
# clock_nanosleep calls add up to what getppid_loop made, each naming the
# process, and the summary's total
check_files()
{
	local base=$1 want=$2 f n=0 getppid=0 sleeps=0 total=0
	for f in $(files_of "$base"); do
		n=$((n + 1))
		"$SCPROF" dump -i "$f" >"$f.dump" 2>&1 || fail "scprof dump $f failed:$(echo; tail -3 "$f.dump")"
		[[ $(tail -1 "$f.dump") == *", complete" ]] || fail "$f is not complete: $(tail -1 "$f.dump")"
		report -i "$f" --format csv --latency >"$f.csv"
		((getppid += $(csv_sum "$f.csv" calls name=getppid)))
		# no call took the time of another window: getppid stays fast
		if (($(csv_rows "$f.csv" name=getppid) > 0)); then
			p99=$(csv_field "$f.csv" getppid p99_ns)
			((p99 < 1000000)) || fail "$f: getppid's p99 is $p99 ns: calls took the time of another window"
		fi
		((sleeps += $(csv_sum "$f.csv" calls name=clock_nanosleep)))
		# the trailer's count: every call event of the file
		((total += $(awk '$1 == "calls" { print $2 }' "$f.dump")))
		assert_eq "$(grep -c ' CALL ' "$f.dump" || true)" "$(awk '$1 == "calls" { print $2 }' "$f.dump")" \
			"call events in $f = its trailer's count"
		# (a window may start as the process ends: then it holds nothing)
		(($(csv_rows "$f.csv") > 0)) || continue
		report -i "$f" --format csv --by comm >"$f.comm.csv"
		(($(csv_rows "$f.comm.csv" comm=getppid_loop) > 0)) ||
			fail "$f does not name getppid_loop (--by comm):$(echo; cat "$f.comm.csv")"
	done
	assert_eq "$want" "$n" "files written"
	assert_eq "$3" "$getppid" "getppid calls over the $n files"
	assert_eq "$4" "$sleeps" "clock_nanosleep calls over the $n files"
	assert_eq 1 "$(grep -c "^scprof: recorded $total syscalls .* wrote $n files '$base\.[0-9]\{17\}' to '$base\.[0-9]\{17\}' " "$base.err")" \
		"the summary counts $total calls in $n files"
}

# by time: 22 rounds of 2000 getppid 100 ms apart, about 2.2 s, in 1 s
# windows: 3 files (4 on a machine so loaded that the run took 3 s)
"$SCPROF" record -o timed --switch-output=1s -- "$EX/getppid_loop" 22 2000 100 >timed.out 2>timed.err ||
	fail "record --switch-output=1s exited with $?:$(echo; cat timed.err)"
[[ ! -e timed ]] || fail "--switch-output wrote the plain output name too"
ntimed=$(files_of timed | wc -l)
assert_between 3 4 "$ntimed" "files of a 2.2 s run with --switch-output=1s"
check_files timed "$ntimed" 44000 22
# the windows follow each other (each file starts where the one before
# ended) and each but the last is 1 s long (ms; the drain loop's rounds
# are at most 100 ms apart)
prev= i=0
for f in $(files_of timed); do
	i=$((i + 1))
	start=$(awk '$1 == "start_time" { print $2; exit }' "$f.dump")
	end=$(awk '$1 == "end_time" { print $2; exit }' "$f.dump")
	[[ -n $start && -n $end ]] || fail "no start_time or end_time in the dump of $f"
	[[ -z $prev ]] || assert_eq "$prev" "$start" "start of file $i = end of the one before"
	((i == ntimed)) || assert_between 1000 1150 \
		"$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%d", (e - s) * 1000 }')" "ms in file $i"
	prev=$end
done

# by size: 40 rounds of 5000 getppid 20 ms apart, a new file past 16 KiB
# (calls take about 2 bytes each: several files)
"$SCPROF" record -o sized --switch-output=16K -- "$EX/getppid_loop" 40 5000 20 >sized.out 2>sized.err ||
	fail "record --switch-output=16K exited with $?:$(echo; cat sized.err)"
nsized=$(files_of sized | wc -l)
assert_between 2 60 "$nsized" "files of --switch-output=16K"
check_files sized "$nsized" 200000 40

# with call stacks: each file holds the symbols of its stacks and the
# mappings of the processes still running (written again at its head), so
# every file's stacks resolve: getppid's through main, and every
# clock_nanosleep's too (also the last window's, which may hold little
# more than the exit)
"$SCPROF" record -g fp -o stacks --switch-output=1s -- "$EX/getppid_loop" 22 2000 100 >stacks.out 2>stacks.err ||
	fail "record -g fp --switch-output=1s exited with $?:$(echo; cat stacks.err)"
nstacks=$(files_of stacks | wc -l)
check_files stacks "$nstacks" 44000 22
i=0
for f in $(files_of stacks); do
	i=$((i + 1))
	report -i "$f" --stacks --format folded >"$f.folded"
	bad=$(grep -E ';(getppid|clock_nanosleep) [0-9]+$' "$f.folded" |
		grep -vcE ';main;(syscall;getppid|clock_nanosleep;clock_nanosleep) [0-9]+$' || true)
	assert_eq 0 "$bad" "file $i: getppid and clock_nanosleep stacks not through main"
	if (($(csv_rows "$f.csv" name=getppid) > 0)); then
		grep -qE '^getppid_loop;.*;main;syscall;getppid [0-9]+$' "$f.folded" ||
			fail "file $i: no getppid stack through main:$(echo; cat "$f.folded")"
	fi
done
note "ok: getppid stacks resolve through main in all $nstacks files"

# bad input: a number without a unit says neither time nor size
rc=0
"$SCPROF" record --switch-output=10 -- true 2>bad.err || rc=$?
assert_eq 2 "$rc" "exit status of --switch-output=10"
assert_eq 1 "$(grep -c "invalid --switch-output '10' (a time with s, m, h or d" bad.err)" \
	"--switch-output=10 names the units"
