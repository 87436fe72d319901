# report --format trace: Chrome trace-event JSON (python3's json reads
# it): syscall_mix's calls as exactly that many complete events, with
# their arguments, results and errnos, ts/dur in microseconds to the ns,
# the processes' and threads' names (of 100 threads too); filters; deadlock's three futex calls
# still blocked at the end of -d 1 running to the end, marked unfinished;
# memory flat in the number of calls.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_python3
need_example syscall_mix deadlock
need_fault

# tsv FILE: the trace read by python3's json, one event a line:
# ph name pid tid ts dur ret errno flags args (tab-separated; flags: the
# args' true members, joined by '+'; "-" for none)
tsv()
{
	python3 -c '
import json, sys
for e in json.load(open(sys.argv[1]))["traceEvents"]:
    a = e.get("args", {})
    flags = "+".join(k for k in sorted(a) if a[k] is True) or "-"
    print("\t".join(str(x) for x in (e["ph"], e["name"], e["pid"], e["tid"], e.get("ts", "-"),
        e.get("dur", "-"), a.get("ret", "-"), a.get("errno", "-"), flags, a.get("args", a.get("name", "-")))))
' "$1" >"$1.tsv" || fail "cannot read $1 as a trace"
}
# q FILE [-v VAR=VALUE] AWK_PROGRAM: the program over FILE's events ($1
# ph, $2 name, $3 pid, $4 tid, $5 ts, $6 dur, $7 ret, $8 errno, $9 flags,
# $10 args)
q()
{
	local file=$1
	shift
	awk -F '\t' "$@" "$file.tsv"
}

record mix.data -- "$EX/syscall_mix" 300 200 100 7 3
report -i mix.data --format trace -o mix.json
tsv mix.json
report -i mix.data --format json >mix.report.json
dur_us=$(json_get mix.report.json duration_ns | awk '{ printf "%.3f", $1 / 1000 }')
assert_eq "$(json_get mix.report.json total.calls)" "$(q mix.json '$1 == "X" && $9 !~ /no_return/ { n++ } END { print n }')" \
	"complete events (but those of calls that never returned) and calls in the JSON report"
assert_eq "exit exit_group exit_group" "$(q mix.json '$9 ~ /no_return/ { print $2 }' | sort | paste -sd' ')" \
	"events of calls that never returned (the thread's exit, two exit_group)"
assert_eq 600 "$(q mix.json '$1 == "X" && $2 == "getppid" { n++ } END { print n }')" "getppid events"
assert_eq 200 "$(q mix.json '$2 == "getppid" && $3 != $4 { n++ } END { print n }')" "getppid events of the thread"
# the path as --events shows it: captured by the BPF recorder, an address
# from the tracepoint one
path='"/nonexistent/scprof-syscall_mix"'
[[ ${SCPROF_E2E_NO_BPF:-} == 1 ]] && path=ADDR
assert_eq "7 openat -1 ENOENT AT_FDCWD, $path, O_RDONLY" \
	"$(q mix.json '$2 == "openat" && $8 != "-" { sub(/0x[0-9a-f]+/, "ADDR", $10); print $2, $7, $8, $10 }' | sort | uniq -c | sed 's/^ *//')" \
	"openat events failing, their result, errno and arguments"
assert_eq "3 close -1 EBADF -1" \
	"$(q mix.json '$2 == "close" && $8 != "-" { print $2, $7, $8, $10 }' | sort | uniq -c | sed 's/^ *//')" \
	"close events failing"
assert_eq 0 "$(q mix.json '$2 == "getppid" && $8 != "-" { n++ } END { print n + 0 }')" "getppid events with an errno"
# ts and dur: microseconds with exactly three decimals, ts from the start
# of the recording, every event within it, each thread's in the order of
# their ends
assert_eq 0 "$(grep '"ph": "X"' mix.json | grep -cvE '"ts": [0-9]+\.[0-9]{3}, "dur": [0-9]+\.[0-9]{3}, ' || true)" \
	"X events without ts and dur in us with 3 decimals"
assert_eq 0 "$(q mix.json -v end="$dur_us" '$1 == "X" && ($5 < 0 || $6 < 0 || $5 + $6 > end + 0.001) { n++ } END { print n + 0 }')" \
	"events outside the recording (0 to $dur_us us)"
assert_eq 0 "$(q mix.json '$1 == "X" { e = $5 + $6; if ($4 in last && e + 0.001 < last[$4]) n++; last[$4] = e } END { print n + 0 }')" \
	"events ending before the one before them in the same thread"
assert_between 5 1000 "$(q mix.json '$2 == "clock_nanosleep" { print int($6 / 1000) }')" "clock_nanosleep's ms (it sleeps 5)"
# names: the processes and the thread
assert_eq "process_name mix-child,process_name syscall_mix,thread_name mix-child,thread_name mix-thread,thread_name syscall_mix" \
	"$(q mix.json '$1 == "M" { print $2, $10 }' | sort | paste -sd,)" "metadata events"
assert_eq 1 "$(q mix.json '$1 == "M" && $10 == "mix-thread" && $3 != $4 { n++ } END { print n + 0 }')" \
	"mix-thread named on its own tid"

# filters: -e, --comm, --failed, --time; to stdout
report -i mix.data --format trace -e trace=getppid --comm mix-thread >thread.json
tsv thread.json
assert_eq "200 getppid" "$(q thread.json '$1 == "X" { print $2 }' | sort | uniq -c | sed 's/^ *//')" \
	"events of -e trace=getppid --comm mix-thread"
assert_eq "thread_name mix-thread" "$(q thread.json '$2 == "thread_name" { print $2, $10 }')" \
	"thread names of the filtered trace"
report -i mix.data --format trace --failed >failed.json
tsv failed.json
assert_eq "3 close,7 openat" "$(q failed.json '$2 == "openat" || $2 == "close" { print $2 }' | sort | uniq -c | sed 's/^ *//' | paste -sd,)" \
	"openat and close events of --failed"
assert_eq 0 "$(q failed.json '$1 == "X" && $8 == "-" { n++ } END { print n + 0 }')" "events of --failed without errno"
half=$(awk -v d="$dur_us" 'BEGIN { printf "%.6f", d / 2e6 }')
report -i mix.data --format trace --time ",$half" >first.json
tsv first.json
assert_eq 0 "$(q first.json -v end="$dur_us" '$1 == "X" && $5 > end / 2 + 0.001 { n++ } END { print n + 0 }')" \
	"events of --time ,$half starting after it"
assert_between 1 100000 "$(q first.json '$1 == "X" { n++ } END { print n + 0 }')" "events of --time ,$half"

# deadlock: three futex calls blocked at the end, running to its end
rc=0
timeout 30 "$SCPROF" record -o dl.data -d 1 -- "$EX/deadlock" 4 >dl.out 2>dl.err || rc=$?
((rc != 124)) || fail "scprof record -d 1 still running after 30 s"
report -i dl.data --format trace -o dl.json
tsv dl.json
report -i dl.data --format json >dl.report.json
dl_us=$(json_get dl.report.json duration_ns | awk '{ printf "%.3f", $1 / 1000 }')
assert_eq "futex - unfinished,futex - unfinished,futex - unfinished" \
	"$(q dl.json '$9 ~ /unfinished/ { print $2, $7, $9 }' | paste -sd,)" "unfinished events (no result)"
assert_eq 0 "$(q dl.json -v end="$dl_us" '$9 ~ /unfinished/ && ($5 + $6 - end > 0.002 || end - $5 - $6 > 0.002) { n++ } END { print n + 0 }')" \
	"unfinished events not ending at the end of the recording ($dl_us us)"
assert_eq "deadlock,lock-ab,lock-ba" \
	"$(q dl.json '$9 ~ /unfinished/ { t[$4] = 1 } $2 == "thread_name" { name[$4] = $10 } END { for (i in t) print name[i] }' | sort | paste -sd,)" \
	"the threads of the unfinished events"

# 100 threads, each 3 getppid: one thread_name for each, on its tid
record threads.data -- "$FAULT/faultprog" threads 100 3
report -i threads.data --format trace -o threads.json
tsv threads.json
assert_eq "300 100" "$(q threads.json '$2 == "getppid" { n++; t[$4] = 1 } END { print n, length(t) }')" \
	"getppid events and the threads that made them"
assert_eq 0 "$(q threads.json '$1 == "X" { x[$4] = 1 } $2 == "thread_name" { m[$4]++ }
	END { for (i in x) if (m[i] != 1) n++; for (i in m) if (!(i in x)) n++; print n + 0 }')" \
	"threads without exactly one thread_name, and names of threads without events"

# streaming: 100 times the calls, not 100 times the memory (the events
# alone would take more than 5 MB)
record small.data -- "$EX/syscall_mix" 500 0 0 0 0
record big.data -- "$EX/syscall_mix" 50000 0 0 0 0
/usr/bin/time -f %M -o small.rss "$SCPROF" report -i small.data --format trace -o small.json
/usr/bin/time -f %M -o big.rss "$SCPROF" report -i big.data --format trace -o big.json
assert_eq 50000 "$(grep -c '"name": "getppid"' big.json)" "getppid events of the big trace"
assert_between 0 $(($(cat small.rss) + 4096)) "$(cat big.rss)" "maximum RSS (KiB) of the big trace; the small one's: $(cat small.rss)"
