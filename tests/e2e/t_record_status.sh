# scprof record's status line: on a terminal (tmux) one line on stderr,
# redrawn about once a second (elapsed, calls, calls/s, lost, file size)
# and cleared before the summary; never when stderr is not a terminal.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/top_lib.sh"
need_perf
need_tmux
need_example getppid_loop

# not a terminal: the summary line alone
record plain.data -- "$EX/getppid_loop" 15 1000 100
assert_eq 1 "$(wc -l <"$TMP/record.stderr")" "lines on stderr when it is a file"
assert_eq 0 "$(grep -c $'\r' "$TMP/record.stderr" || true)" "carriage returns on stderr when it is a file"
assert_eq 1 "$(grep -c '^scprof: recorded 15[0-9][0-9][0-9] syscalls ' "$TMP/record.stderr")" "the summary"

# a terminal: the status line while recording, then only the summary
tmux_start 150 10 "$SCPROF record -o tty.data -- $EX/getppid_loop 30 1000 100 >/dev/null; echo \$? >status; exec sleep 600"
wait_until 20 "the status line shows (screen:$(echo; screen))" \
	screen_has '^scprof: recording [0-9]+ s, [0-9]+ calls, [0-9]+ calls/s, 0 lost, [0-9.]+ (bytes|KiB|MiB)$'
wait_until 20 "the status line counts on (screen:$(echo; screen))" \
	screen_has '^scprof: recording [2-9] s, [0-9]+ calls, '
wait_until 20 "scprof record ended" test -s status
assert_eq 0 "$(cat status)" "exit status"
screen >end.screen
assert_eq 0 "$(grep -c 'scprof: recording' end.screen || true)" "status lines left on the screen"
assert_eq 1 "$(grep -c "^scprof: recorded 30[0-9][0-9][0-9] syscalls .* wrote 'tty.data' " end.screen)" \
	"the summary on the screen"
