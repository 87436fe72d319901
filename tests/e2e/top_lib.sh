# top_lib.sh - reading `scprof top -b` output (tests/e2e/t_top_*.sh).
# A table starts with a line "scprof top - ..."; its syscall rows follow
# the "SYSCALL ..." header up to a blank line, as
# NAME CALLS/S ERRORS/S TIME% P50 P99 CALLS ERRORS.

# top_tables FILE: how many tables
top_tables()
{
	grep -c '^scprof top - ' "$1" || true
}

# top_syscalls FILE N: the syscall names of table N (1-based), sorted,
# space-separated
top_syscalls()
{
	awk -v want="$2" '
		/^scprof top - / { t++; rows = 0; next }
		t == want && /^SYSCALL / { rows = 1; next }
		t == want && rows && NF == 0 { rows = 0 }
		t == want && rows && NF >= 8 { print $1 }
	' "$1" | sort | tr '\n' ' ' | sed 's/ $//'
}

# top_calls FILE NAME: NAME's CALLS summed over every table
top_calls()
{
	awk -v name="$2" '
		/^SYSCALL / { rows = 1; next }
		NF == 0 { rows = 0 }
		rows && $1 == name { sum += $7 }
		END { print sum + 0 }
	' "$1"
}
