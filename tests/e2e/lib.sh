# lib.sh - shared helpers for the end-to-end tests (tests/e2e/t_*.sh).
#
# A test sources this file first.  It gets:
#   ROOT, SCPROF (./scprof), EX (build/examples), TMP (a fresh directory,
#   also the working directory, removed when the test exits)
#   fail MSG / skip REASON / note MSG
#   need_perf, need_bpf, need_strace: skip with the reason when the machine
#   cannot run the test (not root and no CAP_PERFMON; no BTF or CAP_BPF, or
#   the --no-bpf pass; strace not installed)
#   need_python3: fail unless python3 is installed (make test-deps does)
#   assert_eq EXPECTED ACTUAL WHAT, assert_between LOW HIGH ACTUAL WHAT
#   record OUT ARGS...: scprof record -o OUT ARGS, failing the test if it fails
#   last_lost: the events the last record lost, from its summary
#   report ARGS...: scprof report ARGS, failing the test if it fails
#   csv_field FILE SYSCALL COLUMN [COL=VALUE...]: one cell of a report CSV;
#     no such row or column fails the test (csv_rows tells whether a row is
#     there)
#   csv_sum FILE COLUMN [COL=VALUE...]: sum of a column over matching rows
#   csv_rows FILE [COL=VALUE...]: number of matching data rows
#   csv_counts FILE: "name calls errors" per row of a --by syscall CSV
#   strace_counts FILE: "name calls errors" per row of a strace -c table
#   compare_counts EXPECTED ACTUAL [IGNORED_NAME...]: both in the form above
#   json_flat FILE: a JSON document as "path<TAB>value" lines
#   json_get FILE PATH, json_syscall FILE NAME FIELD
#   wait_recording PID: wait until the scprof record PID (or the one
#     under it, for `timeout ... scprof`) has attached and is recording
#   wait_until SECONDS WHAT CMD...: poll CMD (every 20 ms) until it
#     succeeds; fail with WHAT after SECONDS
#   events_chunks FILE: complete EVENTS chunks in a recording (being) written
#   events_span FILE SECONDS: its complete EVENTS chunks span SECONDS or more
# A test exits 0 to pass, 77 to skip (always with a printed reason) and
# anything else to fail.  Any failing command fails the test (set -e), and
# the ERR trap prints which one.

set -eEuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCPROF=${SCPROF:-$ROOT/scprof}
EX=${EX:-$ROOT/build/examples}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scprof-e2e.XXXXXX")
# SCPROF_E2E_NO_BPF=1: every `scprof record` of the test goes through
# the tracepoint recorder, for `make e2e`'s second pass: scprof record
# reads SCPROF_NO_BPF=1 from the environment as --no-bpf (which passes
# through setpriv, ulimit and the rest).
if [[ ${SCPROF_E2E_NO_BPF:-} == 1 ]]; then
	export SCPROF_NO_BPF=1
fi
_kill_pids=()
# kill_at_exit PID: a background process this test started, killed (if
# still there) when the test exits.
kill_at_exit()
{
	_kill_pids+=("$1")
}
_cleanup()
{
	local p
	for p in "${_kill_pids[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	rm -rf "$TMP"
}
trap _cleanup EXIT
trap 'echo "error: line $LINENO: \"$BASH_COMMAND\" exited with status $?" >&2' ERR
# A helper that finds no answer inside $(...) cannot fail the test by its
# status (assert_eq "" "$(csv_field ...)" would pass): it signals the test
# instead, which then fails.
trap 'exit 1' USR1
_abort_test()
{
	echo "FAIL: $*" >&2
	kill -USR1 $$
	exit 1
}
cd "$TMP"

fail()
{
	echo "FAIL: $*" >&2
	exit 1
}

skip()
{
	echo "SKIP: $*"
	exit 77
}

note()
{
	echo "  $*"
}

# Effective capability bit N set?
has_cap()
{
	local hex
	hex=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
	(((0x$hex >> $1) & 1))
}

need_perf()
{
	[[ -x $SCPROF ]] || fail "$SCPROF is not built (run make)"
	if [[ $(id -u) != 0 ]] && ! has_cap 38 && ! has_cap 21; then
		skip "recording needs root or CAP_PERFMON (running as uid $(id -u) without it)"
	fi
}

# need_bpf: skip unless the BPF recorder can run here (BTF, and root or
# CAP_BPF with CAP_PERFMON), or when the tests run with --no-bpf.
need_bpf()
{
	need_perf
	[[ ${SCPROF_NO_BPF:-} != 1 ]] || skip "tests the BPF recorder (SCPROF_NO_BPF=1: this pass records with --no-bpf)"
	[[ -r /sys/kernel/btf/vmlinux ]] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux): no BPF recorder"
	if [[ $(id -u) != 0 ]] && ! { has_cap 39 && has_cap 38; }; then
		skip "the BPF recorder needs root or CAP_BPF and CAP_PERFMON"
	fi
}

need_strace()
{
	command -v strace >/dev/null || skip "strace is not installed (apt-get install strace, or make deps)"
}

# python3 checks that JSON and XML are well-formed; make test-deps installs
# it, so a machine without it fails the test rather than skipping checks.
need_python3()
{
	command -v python3 >/dev/null || fail "python3 is not installed (make test-deps, or apt-get install python3)"
}

need_example()
{
	local e
	for e in "$@"; do
		[[ -x $EX/$e ]] || fail "$EX/$e is not built (run make)"
	done
}

assert_eq()
{
	[[ "$1" == "$2" ]] || fail "$3: expected '$1', got '$2'"
	note "ok: $3 = $2"
}

assert_between()
{
	[[ "$3" =~ ^-?[0-9]+$ ]] || fail "$4: expected a number in [$1, $2], got '$3'"
	(($1 <= $3 && $3 <= $2)) || fail "$4: expected between $1 and $2, got $3"
	note "ok: $4 = $3 (in [$1, $2])"
}

# record OUT ARGS...: record and fail the test unless scprof exits 0.
record()
{
	local out=$1 rc=0
	shift
	"$SCPROF" record -o "$out" "$@" >"$TMP/record.stdout" 2>"$TMP/record.stderr" || rc=$?
	if ((rc != 0)); then
		cat "$TMP/record.stderr" >&2
		fail "scprof record -o $out $* exited with $rc"
	fi
	[[ -s $out ]] || fail "scprof record wrote no file $out"
}

# last_lost: the events the last `record` says the kernel dropped (its
# summary line "recorded N syscalls (N events, N lost) ...").
last_lost()
{
	sed -n 's/^scprof: recorded .* events, \([0-9]*\) lost).*/\1/p' "$TMP/record.stderr"
}

# report ARGS...: print the report on stdout, failing the test unless
# scprof exits 0.
report()
{
	local rc=0
	"$SCPROF" report "$@" >"$TMP/report.stdout" 2>"$TMP/report.stderr" || rc=$?
	if ((rc != 0)); then
		cat "$TMP/report.stderr" >&2
		fail "scprof report $* exited with $rc"
	fi
	cat "$TMP/report.stdout"
}

# The CSV helpers read the header to find columns by name.  Fields are split
# at commas; a field in double quotes loses its quotes (no comma inside).
# Filters are COL=VALUE pairs, all of which must match.
_csv_awk='
function setup(    i) {
	for (i = 1; i <= NF; i++) { gsub(/^"|"$/, "", $i); col[$i] = i }
}
function matches(    i, k, v, p) {
	for (i = 1; i <= nf; i++) {
		p = index(filt[i], "="); k = substr(filt[i], 1, p - 1); v = substr(filt[i], p + 1)
		if (!(k in col)) { print "csv: no column " k > "/dev/stderr"; bad = 1; exit 2 }
		if ($(col[k]) != v) return 0
	}
	return 1
}
BEGIN { FS = ","; nf = split(filters, filt, " ") }
NR == 1 { setup(); next }
{ for (i = 1; i <= NF; i++) gsub(/^"|"$/, "", $i) }
'

csv_field()
{
	local file=$1 name=$2 column=$3
	shift 3
	awk -v want="$column" -v filters="name=$name $*" "$_csv_awk"'
	NR == 2 && !(want in col) { print "csv: no column " want > "/dev/stderr"; bad = 1; exit 2 }
	matches() { n++; v = $(col[want]) }
	END { if (bad) exit 2; if (n > 1) { print "csv: " n " rows match" > "/dev/stderr"; exit 2 }
	      if (n == 1) print v; else exit 1 }' "$file" ||
		_abort_test "csv_field $file $name $column${*:+ $*}: no such row or column"
}

csv_sum()
{
	local file=$1 column=$2
	shift 2
	awk -v want="$column" -v filters="$*" "$_csv_awk"'
	NR == 2 && !(want in col) { print "csv: no column " want > "/dev/stderr"; bad = 1; exit 2 }
	matches() { s += $(col[want]) }
	END { if (bad) exit 2; printf "%d\n", s }' "$file"
}

csv_rows()
{
	local file=$1
	shift
	awk -v filters="$*" "$_csv_awk"'
	matches() { n++ }
	END { if (bad) exit 2; printf "%d\n", n }' "$file"
}

csv_counts()
{
	awk -v filters="" "$_csv_awk"'
	NR == 2 && !("name" in col && "calls" in col && "errors" in col) {
		print "csv: needs name, calls and errors columns" > "/dev/stderr"; exit 2 }
	{ print $(col["name"]), $(col["calls"]), $(col["errors"]) }' "$1" | sort
}

# strace -c: "% time seconds usecs/call calls errors syscall", the errors
# cell empty when there are none; rows between the two dashed lines.
strace_counts()
{
	awk '/^------/ { sep++; next }
	sep == 1 && NF == 5 { print $5, $4, 0 }
	sep == 1 && NF == 6 { print $6, $4, $5 }' "$1" | sort
}

# compare_counts EXPECTED ACTUAL [IGNORED...]: files of "name calls errors";
# prints every difference and returns 1 if there is one.
compare_counts()
{
	local expected=$1 actual=$2
	shift 2
	awk -v ignored=" $* " '
	FNR == NR { if (index(ignored, " " $1 " ") == 0) { ec[$1] = $2; ee[$1] = $3; names[$1] = 1 }; next }
	{ if (index(ignored, " " $1 " ") == 0) { ac[$1] = $2; ae[$1] = $3; names[$1] = 1 } }
	END {
		for (n in names) {
			if (!(n in ec)) { printf "  %s: not expected, got %d calls %d errors\n", n, ac[n], ae[n]; bad++ }
			else if (!(n in ac)) { printf "  %s: missing, expected %d calls %d errors\n", n, ec[n], ee[n]; bad++ }
			else if (ec[n] != ac[n] || ee[n] != ae[n]) {
				printf "  %s: expected %d calls %d errors, got %d calls %d errors\n", n, ec[n], ee[n], ac[n], ae[n]; bad++ }
		}
		exit bad > 0
	}' "$expected" "$actual"
}

# json_flat FILE: every scalar of a JSON document as "path<TAB>value", the
# path like syscalls[3].errnos.ENOENT; strings without their quotes (escapes
# other than \" and \\ are kept as they are).  Plain awk, no jq or python.
json_flat()
{
	awk '
	function path(    d, p) {
		p = ""
		for (d = 1; d <= depth; d++)
			p = p (typ[d] == "a" ? "[" idx[d] "]" : (p == "" ? "" : ".") key[d])
		return p
	}
	function value(v) {
		if (typ[depth] == "o" && wantkey[depth]) { key[depth] = v; wantkey[depth] = 0; return }
		print path() "\t" v
	}
	{ s = s $0 "\n" }
	END {
		n = length(s)
		for (i = 1; i <= n; i++) {
			c = substr(s, i, 1)
			if (c ~ /[ \t\r\n:]/) continue
			if (c == "{" || c == "[") {
				depth++; typ[depth] = (c == "{" ? "o" : "a"); idx[depth] = 0
				wantkey[depth] = (c == "{"); key[depth] = ""
			} else if (c == "}" || c == "]") {
				depth--
			} else if (c == ",") {
				if (typ[depth] == "a") idx[depth]++; else wantkey[depth] = 1
			} else if (c == "\"") {
				v = ""
				for (i++; i <= n; i++) {
					c = substr(s, i, 1)
					if (c == "\\") {
						i++; c = substr(s, i, 1)
						if (c != "\"" && c != "\\") v = v "\\"
						v = v c
					} else if (c == "\"") break
					else v = v c
				}
				value(v)
			} else {
				v = c
				while (i < n && substr(s, i + 1, 1) !~ /[ \t\r\n,}\]]/) v = v substr(s, ++i, 1)
				value(v)
			}
		}
	}' "$1"
}

# json_get FILE PATH: the value at PATH; status 1 if there is none.
json_get()
{
	json_flat "$1" | awk -F '\t' -v p="$2" '$1 == p { print $2; found = 1 } END { exit !found }'
}

# json_syscall FILE NAME FIELD: FIELD (e.g. calls, errnos.ENOENT) of the
# entry of "syscalls" named NAME; status 1 if there is none.
json_syscall()
{
	json_flat "$1" | awk -F '\t' -v name="$2" -v field="$3" '
	$1 ~ /^syscalls\[[0-9]+\]\.name$/ && $2 == name { sub(/\.name$/, "", $1); pre = $1 }
	{ v[$1] = $2; has[$1] = 1 }
	END { if (pre == "" || !((pre "." field) in has)) exit 1; print v[pre "." field] }'
}

wait_until()
{
	local secs=$1 what=$2 i
	shift 2
	for ((i = 0; i < secs * 50; i++)); do
		"$@" && return 0
		sleep 0.02
	done
	fail "$what: not so after $secs s"
}

# events_chunks FILE: how many complete EVENTS chunks FILE holds so far
# (scprof dump reads a file being written up to its last complete chunk).
events_chunks()
{
	"$SCPROF" dump -i "$1" 2>/dev/null | grep -c '^chunk [0-9]* EVENTS ' || true
}

# events_span FILE SECONDS: whether the complete EVENTS chunks FILE holds
# so far reach SECONDS past its first event (a count of chunks says less:
# a recording may open with a small chunk of the processes' names and
# mappings, cut short by the descriptors' FDS chunk).
events_span()
{
	"$SCPROF" dump -i "$1" 2>/dev/null |
		awk -v want="$2" '/^chunk [0-9]* EVENTS / {
			for (i = 1; i < NF; i++)
				if ($i == "time") { if (first == "") first = $(i + 1); last = $(i + 3) }
		}
		END { exit !(first != "" && last - first >= want) }'
}

# wait_recording PID: return once scprof record, PID itself or the scprof
# process under it (PID may be `timeout` or a shell), has set up and waits
# in its drain loop's ppoll: its main thread's wchan is the kernel's poll
# wait.  Every event is open and enabled before that loop starts, so calls
# made from now on are recorded.  Fails after 30 s or if it is gone.
wait_recording()
{
	local pid=$1 i p w
	for ((i = 0; i < 3000; i++)); do
		kill -0 "$pid" 2>/dev/null || fail "scprof record ($pid) ended before it was recording"
		for p in "$pid" $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
			[[ $(cat "/proc/$p/comm" 2>/dev/null) == scprof ]] || continue
			w=$(cat "/proc/$p/wchan" 2>/dev/null) || continue
			[[ $w == *poll* ]] && return 0
		done
		sleep 0.01
	done
	fail "scprof record ($pid) was not recording after 30 s"
}
