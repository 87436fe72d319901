# A traced program that names itself and its thread with terminal escape
# sequences (ESC, BEL, a newline) and carries an OSC title sequence in its
# argv: no text view may print a control byte from it.  Every view of the
# recording (report's tables, --by, --stuck, --events, --stacks, folded,
# CSV; dump; diff) is scanned for bytes below 0x20 other than newline and
# tab, and 0x7f; the names show with strace's escapes (\33, \7, \n), and
# JSON carries them exactly, as \u001b, \u0007, \n.
source "$(dirname "$0")/lib.sh"
need_perf
command -v python3 >/dev/null || fail "python3 is not installed (make test-deps)"

cat >hostile.py <<'PY'
import ctypes, os, sys, threading, time
libc = ctypes.CDLL(None, use_errno=True)
def name(n):  # PR_SET_NAME: this thread's comm, 15 bytes at most
    libc.prctl(15, ctypes.c_char_p(n), 0, 0, 0)
def worker():
    name(b"t\x1b]0;x\x07\x7f")
    for _ in range(3):
        os.getppid()
name(b"h\x1b[31mR\x07\nz")
t = threading.Thread(target=worker)
t.start()
t.join()
for _ in range(5):
    os.getppid()
PY
osc=$(printf 'x\033]0;pwned\007y')
record hostile.data -g fp -- python3 hostile.py "$osc" $'line\nbreak' $'del\177'
record hostile2.data -- python3 hostile.py "$osc"

# clean FILE WHAT: no control byte but newline and tab, no DEL
clean()
{
	python3 - "$1" "$2" <<'PY' || fail "$2 prints raw control bytes from the traced side"
import sys
data = open(sys.argv[1], "rb").read()
bad = [(i, b) for i, b in enumerate(data) if (b < 0x20 and b not in (9, 10)) or b == 0x7f]
if bad:
    i = bad[0][0]
    print("FAIL: %s: %d raw control bytes, the first 0x%02x at byte %d: %r"
          % (sys.argv[2], len(bad), bad[0][1], i, data[max(0, i - 30):i + 30]))
    sys.exit(1)
PY
	note "ok: $2: no raw control byte ($(wc -c <"$1") bytes)"
}

views=(
	"" "-L --hist --errors" "--by comm" "--by thread" "--by process" "--by process,syscall"
	"--by comm,syscall" "--by thread,syscall" "--stuck" "--events" "--stacks" "--stacks=tree"
	"--stacks --by comm" "--stacks --by thread" "--format folded" "--format csv"
	"--format csv --by thread" "--format csv --by process"
)
i=0
for v in "${views[@]}"; do
	# shellcheck disable=SC2086
	report -i hostile.data $v >view$i.txt
	clean view$i.txt "report $v"
	i=$((i + 1))
done
"$SCPROF" dump -i hostile.data >dump.txt
clean dump.txt "dump"
for v in "" "--by comm" "--by process" "--by thread" "--format csv --by comm"; do
	rc=0
	# shellcheck disable=SC2086
	"$SCPROF" diff $v hostile2.data hostile.data >diff$i.txt 2>diff.err || rc=$?
	((rc == 0)) || fail "scprof diff $v exited with $rc: $(cat diff.err)"
	clean diff$i.txt "diff $v"
	i=$((i + 1))
done
"$SCPROF" diff --stacks hostile.data hostile.data >diffstacks.txt 2>/dev/null || true
clean diffstacks.txt "diff --stacks"

# the names, escaped as strace escapes them
report -i hostile.data --by comm >comm.txt
grep -qF ' h\33[31mR\7\nz' comm.txt || fail "--by comm should show h\\33[31mR\\7\\nz: $(cat comm.txt)"
grep -qF ' t\33]0;x\7\177' comm.txt || fail "--by comm should show t\\33]0;x\\7\\177: $(cat comm.txt)"
report -i hostile.data >table.txt
grep -qF "'python3 hostile.py x\\33]0;pwned\\7y line\\nbreak del\\177'" table.txt ||
	fail "the header should show the escaped command line: $(head -1 table.txt)"
report -i hostile.data --events >events.txt
grep -qF '+++ renamed h\33[31mR\7\nz +++' events.txt || fail "--events should show the rename escaped"
report -i hostile.data --by process >proc.txt
grep -qF 'python3 hostile.py x\33]0;pwned\7y line\nbreak del\177' proc.txt ||
	fail "--by process should show the escaped command line: $(cat proc.txt)"

# JSON: exact, with \u00XX escapes
report -i hostile.data --format json --by comm,syscall >comm.json
python3 - comm.json <<'PY' || fail "the JSON does not carry the names exactly"
import json, sys
d = json.load(open(sys.argv[1]))
comms = {g["comm"] for g in d["groups"]}
assert "h\x1b[31mR\x07\nz" in comms, comms
assert "t\x1b]0;x\x07\x7f" in comms, comms
getppid = {g["comm"]: sum(s["calls"] for s in g["syscalls"] if s["name"] == "getppid")
            for g in d["groups"]}
assert getppid["h\x1b[31mR\x07\nz"] == 5 and getppid["t\x1b]0;x\x07\x7f"] == 3, getppid
assert d["recording"]["argv"][2:] == ["x\x1b]0;pwned\x07y", "line\nbreak", "del\x7f"], d["recording"]["argv"]
PY
grep -qF '\u001b' comm.json || fail "JSON should escape ESC as \\u001b"
