# bash completion for scprof: subcommands, each subcommand's options, and
# syscall names after -e / --expr / --trace.
#
# Nothing is listed here by hand, so nothing drifts: the subcommands come
# from `scprof --help`, each one's options (and which take a value) from
# its `--help`, the syscall names from the hidden `scprof list-syscalls`,
# all asked of the scprof being completed.
# Installed by `make install` as $(datadir)/bash-completion/completions/scprof.

# _scprof_commands SCPROF: the subcommands, one a line
_scprof_commands()
{
	"$1" --help 2>/dev/null | awk '
		/^Commands:/ { on = 1; next }
		on && /^  [a-z]/ { print $1; next }
		on && NF == 0 { exit }
	'
}

# _scprof_options SCPROF COMMAND: "OPTION PLACEHOLDER" a line, from the
# option lines of the command's --help ("  -o, --output FILE   ...",
# "      --switch-output=TIME|SIZE"); PLACEHOLDER is "-" for an option
# without a value of its own
_scprof_options()
{
	"$1" "$2" --help 2>/dev/null | awk '
		/^  -[a-zA-Z]|^      --[a-z]/ {
			n = split($0, tok, " ")
			nopt = 0; value = "-"
			for (i = 1; i <= n; i++) {
				t = tok[i]; sub(/,$/, "", t)
				if (t !~ /^--?[a-zA-Z]/) {
					# a placeholder (FILE, trace=SET, fp|dwarf), not
					# the first word of the description
					if (t ~ /^[A-Z][A-Z0-9_]*([[,.|=]|$)|[=|]/) value = t
					break
				}
				if (t ~ /^--[a-z-]+=[A-Z]/) { value = substr(t, index(t, "=") + 1) }
				sub(/\[?=.*$/, "", t)
				opt[++nopt] = t
			}
			# an option shown again (--format folded) keeps its value
			for (i = 1; i <= nopt; i++)
				if (!(opt[i] in val) || val[opt[i]] == "-") val[opt[i]] = value
		}
		END { for (o in val) print o, val[o] }
	' | sort
}

_scprof()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]:-}
	local scprof=${COMP_WORDS[0]} cmd= i
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} != -* ]]; then
			cmd=${COMP_WORDS[i]}
			break
		fi
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$(_scprof_commands "$scprof") --help --version" -- "$cur"))
		return
	fi
	# after --: the command to run and its arguments
	for ((i = 2; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			COMPREPLY=($(compgen -c -- "$cur"))
			((i < COMP_CWORD - 1)) && COMPREPLY=($(compgen -f -- "$cur"))
			return
		fi
	done

	# -e trace=SET: syscall names, after "trace=" and after commas; bash
	# splits "trace=get" into trace, =, get (= is in COMP_WORDBREAKS)
	local set_opt=
	case $prev in
	-e | --expr | --trace) set_opt=1 ;;
	=)
		case ${COMP_WORDS[COMP_CWORD - 2]:-} in
		trace | --trace) set_opt=1 ;;
		esac
		;;
	esac
	if [[ $cur == = ]]; then
		case $prev in
		trace | --trace) set_opt=1 cur= ;;
		esac
	fi
	if [[ -n $set_opt ]]; then
		local head= word=$cur
		[[ $word == trace=* ]] && head=trace= word=${word#trace=}
		[[ $word == *,* ]] && head=$head${word%,*}, word=${word##*,}
		local neg=
		[[ $word == '!'* ]] && neg='!' word=${word#!}
		COMPREPLY=($(compgen -P "$head$neg" -W "$("$scprof" list-syscalls 2>/dev/null)" -- "$word"))
		if [[ -z $head$neg && -z $word ]]; then
			COMPREPLY+=(trace=)
			compopt -o nospace 2>/dev/null
		fi
		return
	fi

	local opts value
	opts=$(_scprof_options "$scprof" "$cmd")
	# the value of an option that takes one
	value=$(awk -v o="$prev" '$1 == o { print $2 }' <<<"$opts")
	if [[ -n $value && $value != - ]]; then
		case $value in
		FILE*) COMPREPLY=($(compgen -f -- "$cur")) ;;
		PID*) COMPREPLY=($(compgen -W "$(cd /proc && echo [0-9]*)" -- "$cur")) ;;
		esac
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(awk '{ print $1 }' <<<"$opts")" -- "$cur"))
		return
	fi
	# report, dump and diff read recordings
	COMPREPLY=($(compgen -f -- "$cur"))
}

complete -F _scprof scprof
