# scprof top in a real terminal (tmux): the full screen shows the table of
# a running process, a key changes the sort, q quits with status 0; the
# terminal comes back as it was (cooked mode, normal screen, cursor shown)
# after q, after SIGTERM and after a fatal signal (SIGQUIT).
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/top_lib.sh"
need_perf
need_tmux
need_example getppid_loop

"$EX/getppid_loop" 0 1000 20 >/dev/null &
loop=$!
kill_at_exit "$loop"

# run_top NAME: top in a fresh window of 100x30; NAME.status gets its exit
# status, NAME.before and NAME.after the terminal's settings around it
run_top()
{
	local name=$1
	tmux_start 100 30 "stty -g >$name.before; $SCPROF top -d 0.3 -p $loop 2>$name.err; echo \$? >$name.status; stty -g >$name.after; exec sleep 600"
	wait_until 20 "top shows getppid (screen:$(echo; screen))" screen_has '^getppid +[0-9.]+ '
	assert_eq 1 "$(tmux_cmd display -p '#{alternate_on}')" "$name: top is on the alternate screen"
	tty=$(tmux_cmd display -p '#{pane_tty}')
	assert_eq 1 "$(stty -F "$tty" -a | grep -c -- '-icanon')" "$name: the terminal is in raw mode"
}

# restored NAME STATUS: top ended with STATUS and put the terminal back
restored()
{
	local name=$1
	wait_until 20 "top ($name) ended" test -s "$name.status"
	assert_eq "$2" "$(cat "$name.status")" "$name: exit status"
	assert_eq "$(cat "$name.before")" "$(cat "$name.after")" "$name: terminal settings after top"
	assert_eq 0 "$(tmux_cmd display -p '#{alternate_on}')" "$name: back on the normal screen"
	assert_eq 1 "$(tmux_cmd display -p '#{cursor_flag}')" "$name: cursor shown"
	tmux_cmd kill-server
}

run_top keys
screen >keys.screen
assert_eq 1 "$(grep -cE '^scprof top - .* sort calls +pid '"$loop"'$' keys.screen)" "the header"
assert_eq 1 "$(grep -cE '^clock_nanosleep +[0-9.]+ ' keys.screen)" "clock_nanosleep's row"
assert_eq 1 "$(grep -cE '^SYSCALL +CALLS/S +ERRORS/S +TIME% +P50 +P99 ' keys.screen)" "the columns"
assert_eq 1 "$(grep -cE "^$loop +getppid_loop " keys.screen)" "the process's row"
assert_eq 0 "$(grep -cvE '^(scprof top|calls |SYSCALL|PID|getppid|clock_nanosleep|'"$loop"' | c calls|$)' keys.screen)" \
	"lines that are none of those"
tmux_cmd send-keys t
wait_until 10 "the header says sort time after the key t" screen_has '^scprof top - .* sort time '
tmux_cmd send-keys n
wait_until 10 "the header says sort name after the key n" screen_has '^scprof top - .* sort name '
# by name: clock_nanosleep comes before getppid
assert_eq "clock_nanosleep getppid" "$(screen | grep -oE '^(clock_nanosleep|getppid) ' | tr -d ' ' | tr '\n' ' ' | sed 's/ $//')" \
	"rows sorted by name"
tmux_cmd send-keys q
restored keys 0

run_top term
kill -TERM "$(pane_child)"
restored term 0

run_top quit
kill -QUIT "$(pane_child)"
restored quit 131
