# stacks_lib.sh - helpers for the call stack tests (t_stacks_*.sh), sourced
# after lib.sh.
#
#   folded_sum FILE SUFFIX: sum of the values of the folded lines whose
#     stack ends with the frames SUFFIX ("main;load_config;openat")
#   folded_with FILE FRAME: sum of the values of the lines with FRAME
#     anywhere in their stack (the comm excluded)
#   check_fp_paths FILE WHAT: the exact call paths of examples/stacks_calls.c
#     as frame pointers see them, with the callers the kernel's walk skips
#     (via_libc, behind libc's frameless wrapper; cpu_time, behind libc's
#     clock_gettime) put back from the stack top recorded with the chain
#   check_fp_bare_paths FILE WHAT: the same recorded with -g fp,0 (no stack
#     top): via_libc and cpu_time hidden
#   check_dwarf_paths FILE WHAT: the same as DWARF unwinding sees them

folded_sum()
{
	awk -v suf="$2" '
	{ v = $NF; s = $0; sub(/ [0-9]+$/, "", s); n = split(s, f, ";"); m = split(suf, g, ";")
	  if (n - 1 < m) next
	  for (i = 0; i < m; i++) if (f[n - i] != g[m - i]) next
	  t += v }
	END { printf "%d\n", t }' "$1"
}

folded_with()
{
	awk -v fr="$2" '
	{ v = $NF; s = $0; sub(/ [0-9]+$/, "", s); n = split(s, f, ";")
	  for (i = 2; i <= n; i++) if (f[i] == fr) { t += v; next } }
	END { printf "%d\n", t }' "$1"
}

check_fp_paths()
{
	local f=$1 what=$2
	assert_eq 1000 "$(folded_sum "$f" 'main;load_config;openat')" "$what: main;load_config;openat calls"
	assert_eq 1000 "$(folded_with "$f" load_config)" "$what: calls under load_config (no other path)"
	assert_eq 200 "$(folded_sum "$f" 'main;load_cache;openat')" "$what: main;load_cache;openat calls"
	assert_eq 200 "$(folded_sum "$f" 'main;load_cache;close')" "$what: main;load_cache;close calls"
	assert_eq 400 "$(folded_with "$f" load_cache)" "$what: calls under load_cache"
	assert_eq 3000 "$(folded_sum "$f" 'main;spin;getppid')" "$what: main;spin;getppid calls"
	assert_eq 300 "$(folded_sum "$f" 'main;work_a;work;getpid')" "$what: main;work_a;work;getpid calls"
	assert_eq 200 "$(folded_sum "$f" 'main;work_b;work;getpid')" "$what: main;work_b;work;getpid calls"
	assert_eq 500 "$(folded_with "$f" work)" "$what: calls under work"
	# libc's getppid wrapper keeps no frame: its caller (via_libc) comes
	# from the stack top recorded with the chain
	assert_eq 100 "$(folded_sum "$f" 'main;via_libc;getppid;getppid')" "$what: main;via_libc;getppid(libc);getppid calls"
	assert_eq 100 "$(folded_with "$f" via_libc)" "$what: calls under via_libc"
	# libc's clock_gettime keeps no frame either, above the vdso's
	assert_eq 50 "$(folded_sum "$f" 'main;cpu_time;clock_gettime;clock_gettime;clock_gettime')" \
		"$what: main;cpu_time;clock_gettime(libc);clock_gettime(vdso);clock_gettime calls"
	assert_eq 50 "$(folded_with "$f" cpu_time)" "$what: calls under cpu_time"
}

check_fp_bare_paths()
{
	local f=$1 what=$2
	assert_eq 1000 "$(folded_sum "$f" 'main;load_config;openat')" "$what: main;load_config;openat calls"
	assert_eq 3000 "$(folded_sum "$f" 'main;spin;getppid')" "$what: main;spin;getppid calls"
	assert_eq 500 "$(folded_with "$f" work)" "$what: calls under work"
	# libc's getppid wrapper keeps no frame: its caller (via_libc) is not seen
	assert_eq 100 "$(folded_sum "$f" 'main;getppid;getppid')" "$what: main;getppid(libc);getppid calls"
	assert_eq 0 "$(folded_with "$f" via_libc)" "$what: calls under via_libc (hidden by the wrapper)"
	assert_eq 0 "$(folded_with "$f" cpu_time)" "$what: calls under cpu_time (hidden by the wrapper)"
}

check_dwarf_paths()
{
	local f=$1 what=$2
	assert_eq 1000 "$(folded_sum "$f" 'main;load_config;openat')" "$what: main;load_config;openat calls"
	assert_eq 1000 "$(folded_with "$f" load_config)" "$what: calls under load_config"
	assert_eq 200 "$(folded_sum "$f" 'main;load_cache;openat')" "$what: main;load_cache;openat calls"
	assert_eq 200 "$(folded_sum "$f" 'main;load_cache;close')" "$what: main;load_cache;close calls"
	assert_eq 3000 "$(folded_sum "$f" 'main;spin;getppid')" "$what: main;spin;getppid calls"
	assert_eq 300 "$(folded_sum "$f" 'main;work_a;work;getpid')" "$what: main;work_a;work;getpid calls"
	assert_eq 200 "$(folded_sum "$f" 'main;work_b;work;getpid')" "$what: main;work_b;work;getpid calls"
	# DWARF sees through libc's wrapper
	assert_eq 100 "$(folded_sum "$f" 'main;via_libc;getppid;getppid')" "$what: main;via_libc;getppid;getppid calls"
	# and through the vdso, where clock_gettime makes the call
	assert_eq 50 "$(awk '/;main;cpu_time;.*;clock_gettime [0-9]+$/ { s += $NF } END { print s + 0 }' "$f")" \
		"$what: main;cpu_time;...;clock_gettime calls (through libc and the vdso)"
	# and above main, down to _start
	assert_eq 1000 "$(folded_sum "$f" '_start;__libc_start_main;__libc_start_call_main;main;load_config;openat')" \
		"$what: _start;...;main;load_config;openat calls"
}
