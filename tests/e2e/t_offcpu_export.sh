# record --off-cpu into the exports: pipe_waker 10 20 (a reader woken 10
# times, 20 ms apart, by its thread "writer").
# pprof (read by go tool pprof): the sample types blocked and oncpu
# (nanoseconds) after calls, wall and errors; per syscall, the samples'
# calls, wall, blocked and oncpu are the JSON report's calls, total_ns,
# blocked_ns and oncpu_ns to the nanosecond, and wall - blocked - oncpu
# its runnable_ns; with -g fp the stacks go on above read into the kernel
# stack it waited in ((anon_)pipe_read the leaf, in the mapping
# [kernel.kallsyms]), so pipe_read holds read's blocked time.
# trace: every timed call's oncpu_ns + blocked_ns + runnable_ns is its dur;
# each read that left the CPU once has one nested "blocked" slice of its
# blocked time (woken by writer, in pipe_read) and a "runnable" one of its
# runnable time right after it, inside the read; deadlock's three futex
# calls asleep at the end have their kernel stack and a blocked slice to
# the end.  A recording without off-CPU times has no blocked sample type.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/offcpu_lib.sh"
need_bpf
need_python3
need_example pipe_waker deadlock
command -v go >/dev/null || fail "go is not installed; 'make test-deps' installs golang-go"
export HOME=$TMP/home GOCACHE=$TMP/gocache GOPATH=$TMP/gopath GOPROXY=off GOFLAGS=
mkdir -p "$HOME"

# by_syscall FILE: go tool pprof -raw's samples summed by their syscall
# label, "syscall calls wall errors blocked oncpu" lines
by_syscall()
{
	go tool pprof -raw "$1" 2>pp.err >"$1.raw" || fail "go tool pprof -raw $1:$(echo; cat pp.err)"
	awk '/^Samples:/ { s = 1; next } /^Locations/ { s = 0 }
	     s && /^ +[0-9]+( +[0-9]+)*:/ { split($0, a, ":"); n = split(a[1], v, " "); next }
	     s && n && match($0, /syscall:\[[a-z0-9_]+\]/) {
		name = substr($0, RSTART + 9, RLENGTH - 10)
		for (i = 1; i <= n; i++) sum[name, i] += v[i]; seen[name] = 1; n = 0 }
	     END { for (k in seen) { line = k; for (i = 1; i <= 5; i++) line = line " " sum[k, i] + 0; print line } }' \
		"$1.raw" | sort
}

record pw.data --off-cpu -g fp -- "$EX/pipe_waker" 10 20
[[ $(grep -c 'read 10 bytes, 20 ms apart' record.stdout) == 1 ]] || fail "pipe_waker did not read its 10 bytes"
report -i pw.data --format json >pw.json
offcpu_sums_hold pw.json
lost=$(offcpu_lost pw.data read)

# ---- pprof ----
report -i pw.data --format pprof -o pw.pb.gz
by_syscall pw.pb.gz >pw.sums
assert_eq 1 "$(grep -c '^calls/count wall/nanoseconds\[dflt\] errors/count blocked/nanoseconds oncpu/nanoseconds$' pw.pb.gz.raw)" \
	"sample types, blocked and oncpu after calls, wall and errors"
for sys in read clock_nanosleep write futex; do
	read -r _ calls wall _ blocked oncpu < <(grep "^$sys " pw.sums)
	assert_eq "$(json_syscall pw.json "$sys" calls)" "$calls" "$sys calls in pprof"
	assert_eq "$(json_syscall pw.json "$sys" total_ns)" "$wall" "$sys wall ns in pprof"
	assert_eq "$(json_syscall pw.json "$sys" blocked_ns)" "$blocked" "$sys blocked ns in pprof"
	assert_eq "$(json_syscall pw.json "$sys" oncpu_ns)" "$oncpu" "$sys oncpu ns in pprof"
	assert_eq "$(json_syscall pw.json "$sys" runnable_ns)" "$((wall - blocked - oncpu))" \
		"$sys wall - blocked - oncpu in pprof, and runnable ns in JSON"
done
rblocked=$(json_syscall pw.json read blocked_ns)
assert_between 200000000 2000000000 "$rblocked" "read's blocked ns (at least 10 x 20 ms)"
# the whole profile: blocked as the JSON total has it
total=$(go tool pprof -top -sample_index=blocked -unit=ns pw.pb.gz 2>pp.err |
	awk '/^Showing nodes accounting for/ { sub(/.* of /, ""); sub(/ns total.*/, ""); print }')
assert_eq "$(json_get pw.json total.blocked_ns)ns" "${total}ns" "blocked ns of the whole profile (go tool pprof -top)"
# kernel frames above read: pipe_read the leaf, in the kernel's mapping
flat_pipe_read=$(go tool pprof -top -nodefraction=0 -sample_index=blocked -unit=ns pw.pb.gz 2>pp.err |
	awk '$6 == "pipe_read" || $6 == "anon_pipe_read" { s += $1 } END { print s + 0 }')
assert_eq "$rblocked" "$flat_pipe_read" "blocked ns flat in (anon_)pipe_read, and read's"
assert_eq 1 "$(grep -cE '^ *[0-9]+: 0xffff[0-9a-f]+/0xffff[0-9a-f]+/0x0 \[kernel\.kallsyms\] +\[FN\]$' pw.pb.gz.raw)" \
	"the kernel's mapping, with functions"
go tool pprof -traces -sample_index=blocked pw.pb.gz 2>pp.err >pw.traces || fail "go tool pprof -traces:$(echo; cat pp.err)"
# each sample's frames, leaf first, joined by ';' (the labels left out,
# the value before the first frame too)
n=$(awk '/^-----/ { if (t != "") print t; t = ""; first = 1; next }
	/^ +[a-z_]+:  / || !NF { next }
	{ sub(/^ +/, ""); if (first) { sub(/^[^ ]+ +/, ""); first = 0 } t = t (t == "" ? "" : ";") $0 }
	END { if (t != "") print t }' pw.traces |
	grep -cE '^(anon_)?pipe_read;vfs_read;ksys_read;do_syscall_64;entry_SYSCALL_64[a-z_]*;read;' || true)
[[ $n -ge 1 ]] || fail "no pprof stack going from pipe_read down the kernel to read:$(echo; cat pw.traces)"
note "ok: $n pprof stacks run from (anon_)pipe_read down the kernel into read"

# without off-CPU times: no blocked or oncpu
record plain.data -- "$EX/pipe_waker" 2 1
report -i plain.data --format pprof -o plain.pb.gz
go tool pprof -raw plain.pb.gz 2>pp.err >plain.raw || fail "go tool pprof -raw plain.pb.gz:$(echo; cat pp.err)"
assert_eq 1 "$(grep -c '^calls/count wall/nanoseconds\[dflt\] errors/count$' plain.raw)" \
	"sample types without off-CPU times"

# ---- trace ----
report -i pw.data --format trace -o pw.trace.json
# one line a read on the main thread: dur_ns oncpu blocked runnable
# switches, then its nested slices "name dur_ns start_ns end_ns position
# waker stack0" (times from the read's start); and a line of problems
python3 - pw.trace.json >reads.txt <<'EOF' || fail "cannot check the trace:$(echo; cat reads.txt)"
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
ns = lambda us: round(us * 1000)
bad = []
calls = [e for e in ev if e["ph"] == "X" and e["cat"] == "syscall"]
slices = [e for e in ev if e["ph"] == "X" and e["cat"] == "offcpu"]
for e in calls:
    a = e["args"]
    if "oncpu_ns" in a and a["oncpu_ns"] + a["blocked_ns"] + a["runnable_ns"] != ns(e["dur"]):
        bad.append("sum " + json.dumps(e))
# each slice inside the call of its thread just before it in the file
owner = {}
for i, e in enumerate(ev):
    if e["ph"] != "X":
        continue
    if e["cat"] == "syscall":
        owner[e["tid"]] = e
        continue
    c = owner.get(e["tid"])
    if not c or ns(e["ts"]) < ns(c["ts"]) or ns(e["ts"]) + ns(e["dur"]) > ns(c["ts"]) + ns(c["dur"]):
        bad.append("outside " + json.dumps(e))
    e["call"] = c
main = min(e["tid"] for e in calls)
for c in calls:
    if c["name"] != "read" or c["tid"] != main:
        continue
    a = c["args"]
    line = [ns(c["dur"]), a["oncpu_ns"], a["blocked_ns"], a["runnable_ns"], a["switches"]]
    for s in slices:
        if s["call"] is c:
            w = s["args"].get("waker", "-")
            w = w["comm"] if isinstance(w, dict) else w
            line += [s["name"], ns(s["dur"]), ns(s["ts"]) - ns(c["ts"]), ns(s["ts"]) + ns(s["dur"]) - ns(c["ts"]),
                     s["args"]["position"], w, (s["args"].get("kernel_stack") or ["-"])[0]]
    print(" ".join(str(x) for x in line))
print("problems: %d" % len(bad), *bad[:5])
EOF
assert_eq "problems: 0" "$(tail -1 reads.txt)" "trace events whose times do not add up, or slices outside their call"
sed -i '$d' reads.txt
assert_eq 12 "$(grep -c . reads.txt)" "read events of the main thread"
# reads that left the CPU once: blocked (woken by writer in pipe_read),
# then runnable when there was any, the lengths their args say, back to back
once=$(awk '$5 == 1 && $3 > 0' reads.txt | grep -c . || true)
assert_between $((10 - lost)) 11 "$once" "reads that left the CPU once and slept"
# (placed with the on-CPU time split evenly around them, or, when the
# switch back in was lost, ending at the exit)
good=$(awk '$5 == 1 && $3 > 0 && $6 == "blocked" && $7 == $3 &&
	($11 == "writer" || $11 == "-") && ($12 == "pipe_read" || $12 == "anon_pipe_read") &&
	(($4 == 0 && NF == 12) || ($13 == "runnable" && $14 == $4 && $15 == $9 && $17 == $10 && NF == 19)) &&
	(($10 == "estimated" && $8 == int(($1 - $3 - $4) / 2)) || ($10 == "exact" && $(NF - 3) == $1))' \
	reads.txt | grep -c . || true)
assert_eq "$once" "$good" "reads with a blocked slice of their blocked time, then a runnable one of their runnable time, centred"
woken=$(awk '$5 == 1 && $3 > 0 && $11 == "writer"' reads.txt | grep -c . || true)
assert_between $((10 - lost)) 11 "$woken" "blocked slices woken by writer ($lost without their switch back in)"
# reads that never left the CPU have no slice; several switches: only the longest sleep
assert_eq 0 "$(awk '$5 == 0 && NF != 5' reads.txt | grep -c . || true)" "slices of reads that never left the CPU"
assert_eq 0 "$(awk '$5 > 1 && !(NF == 12 && $6 == "blocked" && $7 <= $3 || NF == 5)' reads.txt | grep -c . || true)" \
	"reads with several switches drawn otherwise than by their longest sleep"

# deadlock: three futex calls asleep at the end, each with its kernel
# stack and a blocked slice to the end
rc=0
timeout 30 "$SCPROF" record -o dl.data --off-cpu -d 1 -- "$EX/deadlock" 4 >dl.out 2>dl.err || rc=$?
((rc != 124)) || fail "scprof record -d 1 still running after 30 s"
report -i dl.data --format trace -o dl.json
python3 - dl.json >dl.txt <<'EOF' || fail "cannot check the deadlock trace:$(echo; cat dl.txt)"
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
ns = lambda us: round(us * 1000)
for i, e in enumerate(ev):
    if e["ph"] == "X" and e["args"].get("unfinished"):
        ks = e["args"].get("kernel_stack", [])
        nxt = ev[i + 1]
        s = "-"
        if nxt["ph"] == "X" and nxt["cat"] == "offcpu":
            s = "%s %s %d" % (nxt["name"], nxt["args"]["position"],
                              ns(e["ts"]) + ns(e["dur"]) - ns(nxt["ts"]) - ns(nxt["dur"]))
        print(e["name"], int(any(k.startswith("futex_wait") or k == "futex_do_wait" for k in ks)), s)
EOF
assert_eq "futex 1 blocked exact 0,futex 1 blocked exact 0,futex 1 blocked exact 0" "$(paste -sd, dl.txt)" \
	"unfinished futex calls: in futex_wait, a blocked slice ending at the end"
