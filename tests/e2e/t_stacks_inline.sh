# Stacks as exact as the source (examples/stacks_inline.c, stacks_cpp.cc):
# the caller behind libc's frameless syscall() wrapper (-g fp puts it back
# from the top of the stack it records), an always_inline helper as a frame
# of its own marked inlined (text, tree, JSON, SVG; folded keeps the plain
# name), and C++ methods demangled (--no-demangle keeps them mangled), with
# frame pointers and with DWARF.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/stacks_lib.sh"
need_perf
need_example stacks_inline stacks_cpp

for mode in fp dwarf; do
	record inline.$mode.data -g $mode -- "$EX/stacks_inline"
	report -i inline.$mode.data --format folded --weight calls >inline.$mode.folded
	f=inline.$mode.folded
	assert_eq 400 "$(folded_sum $f 'main;load;syscall;getpid')" "$mode: main;load;syscall;getpid calls"
	assert_eq 400 "$(folded_with $f load)" "$mode: calls under load"
	assert_eq 700 "$(folded_sum $f 'main;refresh;fetch;syscall;getppid')" "$mode: main;refresh;fetch;syscall;getppid calls"
	assert_eq 700 "$(folded_with $f fetch)" "$mode: calls under fetch (inlined)"
	assert_eq 300 "$(folded_sum $f 'main;refresh;syscall;gettid')" "$mode: main;refresh;syscall;gettid calls"
	assert_eq 1000 "$(folded_with $f refresh)" "$mode: calls under refresh"
	grep -q '(inlined)' $f && fail "$mode: folded marks inlined frames: $(grep -m1 '(inlined)' $f)"

	record cpp.$mode.data -g $mode -- "$EX/stacks_cpp"
	report -i cpp.$mode.data --format folded --weight calls >cpp.$mode.folded
	f=cpp.$mode.folded
	assert_eq 600 "$(folded_sum $f 'main;app::Cache::reload(int);syscall;getppid')" "$mode: main;app::Cache::reload(int);syscall;getppid calls"
	assert_eq 250 "$(folded_sum $f 'main;app::Store<long>::flush();syscall;getpid')" "$mode: main;app::Store<long>::flush();syscall;getpid calls"
	report -i cpp.$mode.data --format folded --weight calls --no-demangle >cpp.$mode.mangled
	assert_eq 600 "$(folded_sum cpp.$mode.mangled 'main;_ZN3app5Cache6reloadEi;syscall;getppid')" "$mode --no-demangle: _ZN3app5Cache6reloadEi calls"
	assert_eq 250 "$(folded_sum cpp.$mode.mangled 'main;_ZN3app5StoreIlE5flushEv;syscall;getpid')" "$mode --no-demangle: _ZN3app5StoreIlE5flushEv calls"
done

# Without the stack top (-g fp,0) the kernel's walk skips the wrapper's
# caller: load's calls look like main's.
record bare.data -g fp,0 -- "$EX/stacks_inline"
report -i bare.data --format folded --weight calls >bare.folded
assert_eq 0 "$(folded_with bare.folded load)" "fp,0: calls under load (hidden by syscall())"
assert_eq 400 "$(folded_sum bare.folded 'main;syscall;getpid')" "fp,0: main;syscall;getpid calls"

# The inlined frame in every view: marked in text, tree, JSON and SVG
report -i inline.dwarf.data --stacks -e trace=getppid >list.txt
assert_eq "syscall|fetch (inlined)|refresh|main" \
	"$(awk '/^            [^ ]/ { sub(/^ +/, ""); print }' list.txt | head -4 | paste -sd'|')" "list: innermost frames of getppid's stack"
report -i inline.dwarf.data --stacks=tree -e trace=getppid >tree.txt
assert_eq "700" "$(awk '/ fetch \(inlined\)$/ { print $4 }' tree.txt)" "tree: calls under 'fetch (inlined)'"
report -i inline.dwarf.data --stacks --format json -e trace=getppid --weight calls >inline.json
assert_eq "syscall false fetch true refresh false" \
	"$(json_get inline.json 'syscalls[0].stacks[0].frames[0]') $(json_get inline.json 'syscalls[0].stacks[0].inlined[0]') $(json_get inline.json 'syscalls[0].stacks[0].frames[1]') $(json_get inline.json 'syscalls[0].stacks[0].inlined[1]') $(json_get inline.json 'syscalls[0].stacks[0].frames[2]') $(json_get inline.json 'syscalls[0].stacks[0].inlined[2]')" \
	"json: frames and their inlined marks"
report -i inline.dwarf.data --format svg >inline.svg
grep -q 'data-n="fetch (inlined)"' inline.svg || fail "svg: no frame named 'fetch (inlined)'"
# --lines: fetch at its syscall() line, refresh at its call of fetch
report -i inline.dwarf.data --stacks --lines -e trace=getppid >lines.txt
grep -qE '^ +fetch \(stacks_inline\.c:[0-9]+\) \(inlined\)$' lines.txt || fail "--lines: fetch's line: $(cat lines.txt)"
call_line=$(grep -n 'long sum = fetch(n);' "$ROOT/examples/stacks_inline.c" | cut -d: -f1)
grep -qE "^ +refresh \\(stacks_inline\\.c:$call_line\\)$" lines.txt || fail "--lines: refresh is not at its call of fetch (line $call_line): $(cat lines.txt)"

# diff: demangled names, and mangled with --no-demangle
"$SCPROF" diff --stacks --weight calls --top 0 cpp.fp.data cpp.dwarf.data >diff.txt
grep -q 'app::Cache::reload(int);syscall;getppid' diff.txt || fail "diff: no demangled stack"
"$SCPROF" diff --stacks --weight calls --top 0 --no-demangle cpp.fp.data cpp.dwarf.data >diff.mangled
grep -q '_ZN3app5Cache6reloadEi;syscall;getppid' diff.mangled || fail "diff --no-demangle: no mangled stack"
grep -q 'app::Cache' diff.mangled && fail "diff --no-demangle: a demangled name"
true
