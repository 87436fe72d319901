# completions/scprof.bash: loads in bash, completes the subcommands, every
# option each subcommand's --help lists, and syscall names after -e (also
# after trace= and a comma); in a real interactive bash (tmux) Tab
# completes `scprof rep` to `scprof report`; make install puts it where
# bash-completion finds it.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/top_lib.sh"
need_tmux
[[ -x $SCPROF ]] || fail "$SCPROF is not built (run make)"
script=$ROOT/completions/scprof.bash

# complete WORD...: what the completion offers for the command line
# "scprof WORD..." with the cursor at the end of the last word
complete_words()
{
	SCPROF=$SCPROF bash --norc --noprofile -c '
		source "$1"; shift
		COMP_WORDS=("$SCPROF" "$@"); COMP_CWORD=$#
		_scprof
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$script" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}

assert_eq "complete -F _scprof scprof" \
	"$(bash --norc --noprofile -c 'source "$1" && complete -p scprof' bash "$script")" "loaded in bash"
assert_eq "report" "$(complete_words rep)" "scprof rep"
assert_eq "top" "$(complete_words to)" "scprof to"
assert_eq "" "$(complete_words list-s)" "the hidden list-syscalls is not offered"

# every option of every command's --help, completed from all but its
# last letter (one bash per command: "OPTION<TAB>offered..." a line)
n=0
for cmd in record report dump diff list top; do
	# the options that open an option line: "  -o, --output FILE  ..."
	opts=$("$SCPROF" "$cmd" --help | grep -E '^  -[a-zA-Z]|^      --[a-z]' |
		sed -E 's/^ +//; s/^((--?[a-zA-Z][a-zA-Z0-9-]*)(, )?)+/&\n/; s/\n.*//' |
		grep -oE -- '--?[a-zA-Z][a-zA-Z0-9-]*' | sort -u)
	SCPROF=$SCPROF bash --norc --noprofile -c '
		source "$1"; cmd=$2; shift 2
		for opt; do
			COMP_WORDS=("$SCPROF" "$cmd" "${opt%?}"); COMP_CWORD=2
			_scprof
			printf "%s\t %s \n" "$opt" "${COMPREPLY[*]}"
		done
	' bash "$script" "$cmd" $opts >"$cmd.offered"
	while IFS=$'\t' read -r opt got; do
		[[ $got == *" $opt "* ]] || fail "scprof $cmd ${opt%?}: '$opt' not offered (got '$got')"
		n=$((n + 1))
	done <"$cmd.offered"
	assert_eq "$(wc -w <<<"$opts")" "$(wc -l <"$cmd.offered")" "options of scprof $cmd checked"
done
assert_between 80 400 "$n" "options checked"
assert_eq "--iterations" "$(complete_words top --it)" "scprof top --it"
assert_eq "--switch-output" "$(complete_words record --switch)" "scprof record --switch"

# syscall names: alone, after trace= (bash splits at =), after a comma, negated
assert_eq "getppid" "$(complete_words record -e getpp)" "record -e getpp"
assert_eq "getppid" "$(complete_words top -e trace = getpp)" "top -e trace=getpp"
assert_eq "read,write read,writev" "$(complete_words record -e read,wri)" "record -e read,wri"
assert_eq '!futex_waitv' "$(complete_words report -e '!futex_waitv')" "report -e !futex_waitv"
assert_eq '!getppid' "$(complete_words report -e '!getpp')" "report -e !getpp"
# an option's value is not an option: after -o comes a file
touch out.data
assert_eq "out.data" "$(complete_words record -o out.)" "record -o out."

# a real bash: Tab on the command line
tmux_start 120 10 "env -i TERM=screen PATH=$ROOT:/usr/bin:/bin HOME=$TMP bash --norc --noprofile"
tmux_cmd send-keys "PS1='$ '; source $script; cd $TMP" Enter
tmux_cmd send-keys "clear" Enter
# keys typed before readline runs are the terminal's (a Tab is then a
# tab, not a completion): wait for the cleared screen's prompt
wait_until 10 "the prompt after clear (screen:$(echo; screen))" screen_has '^\$ ?$'
tmux_cmd send-keys "scprof rep" Tab
wait_until 10 "Tab completes scprof rep (screen:$(echo; screen))" screen_has '^\$ scprof report$'
tmux_cmd send-keys C-u "scprof top --itera" Tab
wait_until 10 "Tab completes scprof top --itera (screen:$(echo; screen))" screen_has '^\$ scprof top --iterations$'
tmux_cmd send-keys C-u "scprof record -e trace=getpp" Tab
wait_until 10 "Tab completes trace=getpp (screen:$(echo; screen))" screen_has '^\$ scprof record -e trace=getppid$'
tmux_cmd send-keys C-u
tmux_cmd kill-server

# make install: the script where bash-completion looks for scprof's
make -s -C "$ROOT" install DESTDIR="$TMP/inst" prefix=/usr >install.out 2>&1 ||
	fail "make install failed:$(echo; cat install.out)"
cmp "$script" "$TMP/inst/usr/share/bash-completion/completions/scprof" ||
	fail "make install did not install the completion as /usr/share/bash-completion/completions/scprof"
[[ -f $TMP/inst/usr/share/man/man1/scprof-top.1 ]] || fail "make install did not install scprof-top.1"
