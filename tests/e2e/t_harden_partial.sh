# Calls already in progress when `record -p` attaches (partial calls): they
# count as calls, but their time (only a lower bound) stays out of seconds,
# min, average, percentiles and histograms, and is shown apart: a footnote
# under the table, "partial"/"partial_ns" in JSON and CSV, "<partial, at
# least ...>" in --events.
#
# The target: 3 threads each sleep 2.5 s (the calls the recorder attaches
# in the middle of), then 0.3 s twice (complete calls); the main thread
# waits for them in a futex.  Were the partial sleeps counted as latencies,
# max would be near 2.5 s; from complete calls only, it stays under 1 s.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault
command -v python3 >/dev/null || skip "python3 is not installed"

cat >sleepers.py <<'PY'
import threading, time
def work():
    time.sleep(2.5)
    time.sleep(0.3)
    time.sleep(0.3)
ts = [threading.Thread(target=work) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
PY
start_bg pid python3 sleepers.py
# wait until the 3 threads sleep (clock_nanosleep, 230) and main waits (futex, 202)
for i in $(seq 100); do
	states=$(cat /proc/"$pid"/task/*/syscall 2>/dev/null | cut -d' ' -f1 | sort | tr '\n' ' ')
	[[ $states == "202 230 230 230 " ]] && break
	sleep 0.05
done
[[ $states == "202 230 230 230 " ]] || fail "the target's threads never all slept: $states"
record partial.data -p "$pid"
wait "$pid"

report -i partial.data --format json >partial.json
sys=clock_nanosleep
assert_eq 9 "$(json_syscall partial.json $sys calls)" "$sys calls (3 partial + 6 complete)"
assert_eq 3 "$(json_syscall partial.json $sys partial)" "$sys partial calls"
min=$(json_syscall partial.json $sys min_ns)
max=$(json_syscall partial.json $sys max_ns)
p99=$(json_syscall partial.json $sys p99_ns)
total=$(json_syscall partial.json $sys total_ns)
assert_between 300000000 999999999 "$min" "$sys min_ns (complete calls only)"
assert_between 300000000 999999999 "$max" "$sys max_ns (complete calls only)"
assert_between 300000000 999999999 "$p99" "$sys p99_ns (complete calls only)"
assert_between 1800000000 5999999999 "$total" "$sys total_ns (6 complete calls of 0.3 s)"
partial_ns=$(json_syscall partial.json $sys partial_ns)
assert_between 3000000000 7500000000 "$partial_ns" "$sys partial_ns (3 sleeps of 2.5 s, attached within 1.5 s)"
assert_eq 1 "$(json_syscall partial.json futex partial)" "futex partial calls (the main thread's join)"
assert_eq 4 "$(json_get partial.json partial)" "partial calls in all"
total_partial_ns=$(json_get partial.json partial_ns)

# the histogram holds the 6 complete sleeps only
report -i partial.data --hist=$sys >hist.txt
grep -q "^$sys: latency of 6 calls$" hist.txt || fail "--hist should count 6 calls: $(grep latency hist.txt)"

# CSV: the same columns
report -i partial.data --format csv >partial.csv
assert_eq 3 "$(csv_field partial.csv $sys partial)" "CSV partial"
assert_eq "$partial_ns" "$(csv_field partial.csv $sys partial_ns)" "CSV partial_ns"

# text: the footnote, exactly
report -i partial.data -L >partial.txt
secs=$(awk -v n="$total_partial_ns" 'BEGIN { printf "%.3g", n / 1e9 }')
grep -Eq "^4 calls were already in progress when recording started \(partial\): counted in calls, their time \(at least [0-9.]+ s in all\) left out of seconds and latencies$" partial.txt ||
	fail "the table's footnote on partial calls is missing or wrong: $(tail -3 partial.txt)"
note "ok: $(grep 'already in progress' partial.txt)"

# --events: the partial calls are marked
report -i partial.data --events >events.txt
assert_eq 4 "$(grep -c '<partial, at least [0-9]*\.[0-9]\{6\}>$' events.txt)" "--events lines marked partial"
assert_eq 3 "$(grep -c "$sys(.*<partial, at least" events.txt)" "--events: partial $sys lines"
