# The BPF recorder captures what path arguments point to, exactly: a
# missing path opened N times, a path in a page not yet faulted in at the
# call's entry (read again at its exit), a path longer than PATH_MAX (cut,
# marked truncated), execve's path; none with --no-args; and the metadata
# says which recorder made the file.  Checked through scprof dump.
source "$(dirname "$0")/lib.sh"
need_bpf
CT=$ROOT/build/tests/e2e/capture_target
[[ -x $CT ]] || fail "$CT is not built (run make)"

dump_lines() # FILE FIXED-STRING: lines of scprof dump FILE holding it
{
	"$SCPROF" dump -i "$1" | grep -cF -- "$2" || true
}

dump_calls() # FILE NAME FIXED-STRING: NAME calls in scprof dump FILE holding it
{
	"$SCPROF" dump -i "$1" | grep -F " $2(" | grep -cF -- "$3" || true
}

missing=/nonexistent/scprof-capture-test
record miss.data -- "$CT" missing 25 "$missing"
assert_eq 25 "$(dump_calls miss.data openat "O_RDONLY) = -1 ENOENT (No such file or directory) dur")" \
	"openat calls failing with ENOENT"
assert_eq 25 "$(dump_calls miss.data openat "capture 1 path '$missing'")" "openat calls with the path captured"
assert_eq "  recorder_kind  2 (bpf)" "$("$SCPROF" dump -i miss.data | grep '^  recorder_kind')" "recorder in the metadata"
assert_eq "  features       0x4 captures" "$("$SCPROF" dump -i miss.data | grep '^  features')" "features"

# The retry: every entry finds the page absent, every exit reads it.
printf '/nonexistent/fresh-page-path\0' >fresh.txt
record fresh.data -- "$CT" fresh 20 "$PWD/fresh.txt"
assert_eq 20 "$(dump_lines fresh.data "capture 1 path '/nonexistent/fresh-page-path' at-exit")" \
	"paths in fresh pages read at exit"
assert_eq 0 "$(dump_lines fresh.data " fault")" "captures that failed"

# Longer than a capture (4096 bytes with the NUL): cut, marked truncated;
# the kernel refuses the path (ENAMETOOLONG).
long=/$(printf 'a%.0s' {1..4200})
record long.data -- "$CT" missing 1 "$long"
line=$("$SCPROF" dump -i long.data | grep -F "ENAMETOOLONG")
[[ $line == *"capture 1 path '/$(printf 'a%.0s' {1..4094})' truncated" ]] ||
	fail "a long path is not cut at 4095 bytes and marked truncated: ${line:0:200}..."
note "ok: a 4201-byte path is cut at 4095 bytes, truncated"

# execve's path, read at entry (not retried: the old image is gone).
record exec.data -- /bin/sh -c 'exec /bin/true'
assert_eq 1 "$(dump_lines exec.data "capture 0 path '/bin/true'")" "execve's path"

# --no-args: nothing captured, the feature not claimed.
record noargs.data --no-args -- "$CT" missing 5 "$missing"
assert_eq 0 "$(dump_lines noargs.data "capture ")" "captures with --no-args"
assert_eq 0 "$(dump_lines noargs.data " captures")" "features with --no-args"

# The tracepoint recorder captures nothing, and says so in the metadata.
record tp.data --no-bpf -- "$CT" missing 5 "$missing"
assert_eq 0 "$(dump_lines tp.data "capture ")" "captures with --no-bpf"
assert_eq "  recorder_kind  1 (tracepoint)" "$("$SCPROF" dump -i tp.data | grep '^  recorder_kind')" \
	"recorder in the metadata with --no-bpf"
assert_eq 5 "$(dump_calls tp.data openat "O_RDONLY) = -1 ENOENT")" "openat calls failing with ENOENT, --no-bpf"

# The report says which recorder made each file, in its header and JSON.
report -i miss.data >miss.txt
grep -qx "Recorded by the bpf recorder." miss.txt || fail "report header: $(head -4 miss.txt)"
report -i miss.data --format json >miss.json
assert_eq bpf "$(json_get miss.json recording.recorder)" "report JSON recording.recorder"
report -i tp.data --format json >tp.json
assert_eq tracepoint "$(json_get tp.json recording.recorder)" "report JSON recording.recorder, --no-bpf"
