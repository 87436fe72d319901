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

# A real terminal: tmux servers of the test's own (sockets in $TMP),
# killed when the test exits.
#   tmux_start COLS ROWS CMD: a detached session running CMD (sh -c)
#   tmux_cmd ARGS...: tmux on that server
#   screen: the pane's text now
#   screen_has REGEX: whether a line of the pane matches (grep -E)
#   pane_child: the pid of the process CMD started (the pane's shell's
#     child)
need_tmux()
{
	command -v tmux >/dev/null || fail "tmux is not installed (make test-deps, or apt-get install tmux)"
}

_tmux_n=0
tmux_cmd()
{
	tmux -S "$TMP/tmux.$_tmux_n.sock" "$@"
}

# each session on a server of its own: a killed server's socket may linger
tmux_start()
{
	_tmux_n=$((_tmux_n + 1))
	tmux_cmd -f /dev/null new-session -d -x "$1" -y "$2" "$3"
	kill_at_exit "$(tmux_cmd display -p '#{pid}')"
}

screen()
{
	tmux_cmd capture-pane -p
}

screen_has()
{
	local n
	n=$(screen | grep -cE -- "$1" || true)
	((n > 0))
}

pane_child()
{
	local pane
	pane=$(tmux_cmd display -p '#{pane_pid}')
	cat /proc/"$pane"/task/*/children 2>/dev/null | awk '{ print $1 }'
}
