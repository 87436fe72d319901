# The recorded program dies by a signal: scprof record exits 128+N as a
# shell would, and the recording is complete with every call the program
# made before it died.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

for sig in 11 6 9; do
	rc=0
	"$SCPROF" record -o sig$sig.data -- "$FAULT/faultprog" signal $sig 50 \
		>sig$sig.stdout 2>sig$sig.stderr || rc=$?
	assert_eq $((128 + sig)) "$rc" "exit status of scprof record when signal $sig kills the command"
	assert_eq "signal $sig 50" "$(cat sig$sig.stdout)" "output of faultprog signal $sig 50"
	assert_complete sig$sig.data
	assert_eq 50 "$(scf_calls sig$sig.data getppid)" "getppid calls before signal $sig"
	report -i sig$sig.data --format csv >sig$sig.csv
	assert_eq 50 "$(csv_field sig$sig.csv getppid calls)" "getppid calls in the report"
	# The kill() that delivered the signal never returned.
	assert_eq 0 "$(scf sig$sig.data unfinished)" "unfinished calls"
done
