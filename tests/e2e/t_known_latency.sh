# Every latency number the report views show, against values worked out by
# hand from the events of a recording written through libscf alone
# (tests/fault/scfgen.c lists them; its head comment is the source of the
# numbers below).  No recorder, no kernel: the answers are exact.
#
# Percentiles are by nearest rank (analysis/hist.h): the p-th of n values is
# the value of rank ceil(p/100 * n) in ascending order.  Up to 64 values are
# kept exactly; past that a value reads back as the midpoint of its bucket,
# 2^k + w*(j + 1/2) with w = 2^(k-7) for 2^k <= v < 2^(k+1) (values below
# 128 exact).  scfgen's getppid latencies are such midpoints:
#   3000 = 2048 + 16*59.5, 12000 = 8192 + 64*59.5, 48000 = 32768 + 256*59.5,
#   192000 = 131072 + 1024*59.5, and twice each (latency2) likewise; 100 is
#   below 128 and 200 in [128, 256) where w = 1: both exact.
#
# getppid, 1000 calls: 1 x 100, 499 x 3000, 400 x 12000, 90 x 48000,
#   9 x 192000, 1 x 1000000 (ranks 1, 2-500, 501-900, 901-990, 991-999,
#   1000)
#   min 100; p50: rank 500 -> 3000; p90: rank 900 -> 12000;
#   p99: rank 990 -> 48000; p99.9: rank ceil(999.0) = 999 -> 192000;
#   max 1000000
#   total 100 + 499*3000 + 400*12000 + 90*48000 + 9*192000 + 1000000
#       = 13345100 ns; avg 13345 (rounded down)
# read, 10 calls (kept exactly): 1000, 2000 .. 10000, 3 of them EINTR
#   min 1000; p50 rank 5 -> 5000; p90 rank 9 -> 9000; p99 rank 10 -> 10000;
#   p99.9 rank 10 -> 10000; max 10000; total 55000, avg 5500
# openat, 2 calls: 500, 700, both ENOENT
#   p50 rank 1 -> 500; p90, p99, p99.9 rank 2 -> 700; total 1200, avg 600
# all 1012 calls, in ascending order by rank: 1 100, 2 500, 3 700, 4 1000,
#   5 2000, 6-505 3000 (499 getppid + 1 read), 506-512 read's 4000..10000,
#   513-912 12000, 913-1002 48000, 1003-1011 192000, 1012 1000000.
#   p50: rank 506 -> 4000, bucketed: 2048 <= 4000 < 4096, w = 16, bucket
#   [4000, 4016), midpoint 4008 ("4.01us"); p90: rank ceil(910.8) = 911 ->
#   12000; p99: rank ceil(1001.88) = 1002 -> 48000; p99.9: rank
#   ceil(1010.988) = 1011 -> 192000; max 1000000.
# app (pid 100: getppid and read, 1010 calls): 1 100, 2 1000, 3 2000,
#   4-503 3000, 504 4000, 505 5000, 506-510 6000..10000, 511-910 12000,
#   911-1000 48000, 1001-1009 192000, 1010 1000000.  p50: rank 505 ->
#   5000, bucketed: w = 32, bucket [4992, 5024), midpoint 5008 ("5.01us");
#   p99: rank ceil(999.9) = 1000 -> 48000; p99.9: rank 1009 -> 192000.
source "$(dirname "$0")/lib.sh"
SCFGEN=$ROOT/build/tests/fault/scfgen
[[ -x $SCFGEN ]] || fail "$SCFGEN is not built (run make)"
export TZ=UTC
"$SCFGEN" latency a.scf
"$SCFGEN" latency2 b.scf

# same TEXT WHAT: stdin (the expected text) equals the file TEXT
same()
{
	diff -u - "$1" >diff.txt || { cat diff.txt >&2; fail "$2 differs from the expected text (above: - expected, + got)"; }
	note "ok: $2"
}

# scfgen's recorder_kind is the tracepoint recorder's.
# The duration: the trailer's end_time 1.0154142 - start 1.0 = 15.4 ms;
# 1021 events = 1012 calls + COMM x2, CMDLINE, MMAP, FORK x2, EXIT x2, LOST.
# % time: 13345100 / 13401300 = 99.58%, 55000 -> 0.41%, 1200 -> 0.01%;
# usecs/call: 13345100 / 1000 / 1000 = 13, 5.5 -> 5, 0.6 -> 0.
report -i a.scf -L --errors >text.txt 2>/dev/null
same text.txt "report -L --errors" <<'X'
Recording of 'app --serve' on fixture, 2023-11-14 22:13:20, 15.4ms, 1021 events
Time is wall-clock latency from syscall entry to exit.
Recorded by the tracepoint recorder.
warning: the kernel dropped 7 events, so counts are low; record with larger buffers (try -m)

% time     seconds  usecs/call     calls    errors      min      avg      p50      p90      p99    p99.9      max syscall
------ ----------- ----------- --------- --------- -------- -------- -------- -------- -------- -------- -------- ----------------
 99.58    0.013345          13      1000              100ns   13.3us   3.00us   12.0us   48.0us    192us   1.00ms getppid
  0.41    0.000055           5        10         3   1.00us   5.50us   5.00us   9.00us   10.0us   10.0us   10.0us read
  0.01    0.000001           0         2         2    500ns    600ns    500ns    700ns    700ns    700ns    700ns openat
------ ----------- ----------- --------- --------- -------- -------- -------- -------- -------- -------- -------- ----------------
100.00    0.013401          13      1012         5    100ns   13.2us   4.01us   12.0us   48.0us    192us   1.00ms total

syscall          errno               errors
---------------- ---------------- ---------
read             EINTR                    3
openat           ENOENT                   2
X

# Per process: app has getppid and read (1010 calls, 3 errors, total
# 13400100: 99.59% and 0.41%), child (pid 102) the two openat.
report -i a.scf -L --by process,syscall >byproc.txt 2>/dev/null
same byproc.txt "report -L --by process,syscall" <<'X'
Recording of 'app --serve' on fixture, 2023-11-14 22:13:20, 15.4ms, 1021 events
Time is wall-clock latency from syscall entry to exit.
Recorded by the tracepoint recorder.
warning: the kernel dropped 7 events, so counts are low; record with larger buffers (try -m)

process 100 (app): app --serve
% time     seconds  usecs/call     calls    errors      min      avg      p50      p90      p99    p99.9      max syscall
------ ----------- ----------- --------- --------- -------- -------- -------- -------- -------- -------- -------- ----------------
 99.59    0.013345          13      1000              100ns   13.3us   3.00us   12.0us   48.0us    192us   1.00ms getppid
  0.41    0.000055           5        10         3   1.00us   5.50us   5.00us   9.00us   10.0us   10.0us   10.0us read
------ ----------- ----------- --------- --------- -------- -------- -------- -------- -------- -------- -------- ----------------
100.00    0.013400          13      1010         3    100ns   13.3us   5.01us   12.0us   48.0us    192us   1.00ms total

process 102 (child)
% time     seconds  usecs/call     calls    errors      min      avg      p50      p90      p99    p99.9      max syscall
------ ----------- ----------- --------- --------- -------- -------- -------- -------- -------- -------- -------- ----------------
100.00    0.000001           0         2         2    500ns    600ns    500ns    700ns    700ns    700ns    700ns openat
------ ----------- ----------- --------- --------- -------- -------- -------- -------- -------- -------- -------- ----------------
100.00    0.000001           0         2         2    500ns    600ns    500ns    700ns    700ns    700ns    700ns total
X

# JSON: the same numbers in ns, by field name.
report -i a.scf --format json -L >r.json 2>/dev/null
grep -q 'dropped 7 events' report.stderr || fail "json: no warning of the 7 lost events on stderr"
for kv in calls=1000 errors=0 total_ns=13345100 min_ns=100 avg_ns=13345 p50_ns=3000 p90_ns=12000 \
	p99_ns=48000 p999_ns=192000 max_ns=1000000; do
	assert_eq "${kv#*=}" "$(json_syscall r.json getppid "${kv%%=*}")" "json getppid ${kv%%=*}"
done
for kv in calls=10 errors=3 total_ns=55000 min_ns=1000 avg_ns=5500 p50_ns=5000 p90_ns=9000 \
	p99_ns=10000 p999_ns=10000 max_ns=10000 errnos.EINTR=3; do
	assert_eq "${kv#*=}" "$(json_syscall r.json read "${kv%%=*}")" "json read ${kv%%=*}"
done
for kv in calls=2 errors=2 total_ns=1200 min_ns=500 avg_ns=600 p50_ns=500 p90_ns=700 \
	p99_ns=700 p999_ns=700 max_ns=700 errnos.ENOENT=2; do
	assert_eq "${kv#*=}" "$(json_syscall r.json openat "${kv%%=*}")" "json openat ${kv%%=*}"
done
assert_eq 7 "$(json_get r.json lost_events)" "json lost_events"
assert_eq 1021 "$(json_get r.json events)" "json events"
assert_eq 15414200 "$(json_get r.json duration_ns)" "json duration_ns"
assert_eq 1012 "$(json_get r.json total.calls)" "json total.calls"
assert_eq 5 "$(json_get r.json total.errors)" "json total.errors"
assert_eq 13401300 "$(json_get r.json total.total_ns)" "json total.total_ns"

# CSV: the whole file (rows sorted by time, as the text table); no call
# was entered before recording, so none is partial.
report -i a.scf --format csv >r.csv 2>/dev/null
same r.csv "report --format csv" <<'X'
name,nr,calls,errors,total_ns,min_ns,avg_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,partial,partial_ns
getppid,110,1000,0,13345100,100,13345,3000,12000,48000,192000,1000000,0,0
read,0,10,3,55000,1000,5500,5000,9000,10000,10000,10000,0,0
openat,257,2,2,1200,500,600,500,700,700,700,700,0,0
X

# Stacks, one per syscall: its p50 and p99 are the syscall's.  Frames from
# the stored symbol table (0x401210 is in poll_once, 0x401110 in serve ...).
report -i a.scf --stacks >stacks.txt 2>/dev/null
same stacks.txt "report --stacks" <<'X'
getppid: 1000 calls, 13.3ms, 1 stack
       time  %time     calls %calls       p50       p99   errors  stack, innermost first
     13.3ms 100.0%      1000 100.0%    3.00us    48.0us        0
            poll_once
            serve
            main

read: 10 calls, 3 errors, 55.0us, 1 stack
       time  %time     calls %calls       p50       p99   errors  stack, innermost first
     55.0us 100.0%        10 100.0%    5.00us    10.0us        3
            read_config
            main

openat: 2 calls, 2 errors, 1.20us, 1 stack
       time  %time     calls %calls       p50       p99   errors  stack, innermost first
     1.20us 100.0%         2 100.0%     500ns     700ns        2
            [no stack]
X

report -i a.scf --stacks --format json >stacks.json 2>/dev/null
json_flat stacks.json >stacks.flat
for kv in 'syscalls[0].name=getppid' 'syscalls[0].stacks[0].calls=1000' \
	'syscalls[0].stacks[0].total_ns=13345100' 'syscalls[0].stacks[0].p50_ns=3000' \
	'syscalls[0].stacks[0].p99_ns=48000' 'syscalls[0].stacks[0].frames[0]=poll_once' \
	'syscalls[0].stacks[0].frames[2]=main' 'syscalls[1].name=read' \
	'syscalls[1].stacks[0].errors=3' 'syscalls[1].stacks[0].p50_ns=5000' \
	'syscalls[1].stacks[0].p99_ns=10000' 'syscalls[2].name=openat' \
	'syscalls[2].stacks[0].p50_ns=500' 'syscalls[2].stacks[0].p99_ns=700'; do
	got=$(awk -F '\t' -v p="${kv%%=*}" '$1 == p { print $2 }' stacks.flat)
	assert_eq "${kv#*=}" "$got" "stacks json ${kv%%=*}"
done

# The tree: app's 1010 calls (1000 + 10) take 13400100 of 13401300 ns; the
# 0.4% of read_config (55000 ns) and child's 0.0% are folded away.
report -i a.scf --stacks=tree >tree.txt 2>/dev/null
same tree.txt "report --stacks=tree" <<'X'
 children    self      time     calls  caller -> callee
  100.0%    0.0%    13.4ms      1010  app
  100.0%    0.0%    13.4ms      1010    main
   99.6%    0.0%    13.3ms      1000      serve
   99.6%   99.6%    13.3ms      1000        poll_once
   99.6%   99.6%    13.3ms      1000          -> getppid
    0.4%                                  (1 more below 0.5%)
    0.0%                              (1 more below 0.5%)
X

# The flame graph's tooltips: each frame's calls, time, errors, p50, p99
# (all: every call; app and main: getppid and read; see the head).
report -i a.scf --format svg >flame.svg 2>/dev/null
awk '/<title>/ { t = 1 } t { s = $0; sub(/.*<title>/, "", s); e = sub(/<\/title>.*/, "", s); print s; if (e) t = 0 }' \
	flame.svg >tips.txt
same tips.txt "svg tooltips" <<'X'
all
1012 calls (100.00%), 13.4ms (100.00%), 5 errors
p50 4.01us, p99 48.0us
app
1010 calls (99.80%), 13.4ms (99.99%), 3 errors
p50 5.01us, p99 48.0us
main
1010 calls (99.80%), 13.4ms (99.99%), 3 errors
p50 5.01us, p99 48.0us
serve
1000 calls (98.81%), 13.3ms (99.58%)
p50 3.00us, p99 48.0us
poll_once
1000 calls (98.81%), 13.3ms (99.58%)
p50 3.00us, p99 48.0us
getppid
1000 calls (98.81%), 13.3ms (99.58%)
p50 3.00us, p99 48.0us
class other
read_config
10 calls (0.99%), 55.0us (0.41%), 3 errors
p50 5.00us, p99 10.0us
read
10 calls (0.99%), 55.0us (0.41%), 3 errors
p50 5.00us, p99 10.0us
class desc
child
2 calls (0.20%), 1.20us (0.01%), 2 errors
p50 500ns, p99 700ns
openat
2 calls (0.20%), 1.20us (0.01%), 2 errors
p50 500ns, p99 700ns
class file
X

# diff: latency2 doubles every getppid latency, so its p50, p90, p99 and max
# are 6000, 24000, 96000, 2000000 (the same ranks), its avg 26690; read and
# openat are the same on both sides.
rc=0
"$SCPROF" diff --format csv a.scf b.scf >d.csv 2>/dev/null || rc=$?
assert_eq 0 "$rc" "diff exit status"
cut -d, -f1-4,15-34 d.csv >d.cut
same d.cut "diff --format csv (name, status, calls, avg, p50, p90, p99, max)" <<'X'
name,status,calls_base,calls_new,avg_ns_base,avg_ns_new,avg_ns_change,avg_ns_change_pct,p50_ns_base,p50_ns_new,p50_ns_change,p50_ns_change_pct,p90_ns_base,p90_ns_new,p90_ns_change,p90_ns_change_pct,p99_ns_base,p99_ns_new,p99_ns_change,p99_ns_change_pct,max_ns_base,max_ns_new,max_ns_change,max_ns_change_pct
getppid,changed,1000,1000,13345,26690,13345,100.00,3000,6000,3000,100.00,12000,24000,12000,100.00,48000,96000,48000,100.00,1000000,2000000,1000000,100.00
openat,same,2,2,600,600,0,0.00,500,500,0,0.00,700,700,0,0.00,700,700,0,0.00,700,700,0,0.00
read,same,10,10,5500,5500,0,0.00,5000,5000,0,0.00,9000,9000,0,0.00,10000,10000,0,0.00,10000,10000,0,0.00
X
"$SCPROF" diff a.scf b.scf >d.txt 2>/dev/null
grep -E '^getppid +13\.3us' d.txt >d.row || fail "no getppid latency row in the diff text"
same d.row "diff text latency row of getppid" <<'X'
getppid            13.3us   26.7us   +100.0%   3.00us   6.00us   +100.0%   48.0us   96.0us   +100.0%   1.00ms   2.00ms   +100.0%  <0.0001
X
"$SCPROF" diff --format json a.scf b.scf >d.json 2>/dev/null
for kv in p50_ns.new=6000 p90_ns.base=12000 p90_ns.new=24000 p99_ns.base=48000 p99_ns.new=96000 \
	max_ns.new=2000000; do
	assert_eq "${kv#*=}" "$(json_syscall d.json getppid "${kv%%=*}")" "diff json getppid ${kv%%=*}"
done
# The gate: p99 grew from 48000 to 96000; p90 from 12000 to 24000.
rc=0
"$SCPROF" diff --fail-if 'p99(getppid) > 90000' a.scf b.scf >/dev/null 2>&1 || rc=$?
assert_eq 3 "$rc" "diff --fail-if 'p99(getppid) > 90000' (it is 96000)"
rc=0
"$SCPROF" diff --fail-if 'p99(getppid) > 97000' a.scf b.scf >/dev/null 2>&1 || rc=$?
assert_eq 0 "$rc" "diff --fail-if 'p99(getppid) > 97000'"
rc=0
"$SCPROF" diff --fail-if 'p90(getppid) > 25000' a.scf b.scf >/dev/null 2>&1 || rc=$?
assert_eq 0 "$rc" "diff --fail-if 'p90(getppid) > 25000' (it is 24000)"
