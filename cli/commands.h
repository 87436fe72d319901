/*
 * commands.h - the scprof commands, one cmd_<name>() per subcommand, each
 * in cli/<name>.c.
 *
 * cli/ is the program: it parses each command's options, words every
 * message (diag.h), prints the summary lines and decides the exit status.
 * It may use every library below it: profiler/ (the recorder), analysis/
 * (the scan over a recording and what is computed from it), output/ (the
 * printers of those results), formats/ (libscf) and syscalls/.  Nothing
 * below cli/ includes a cli/ header, writes to stderr or calls exit().
 *
 * Each cmd_<name>(argc, argv) gets argv from the command name on and
 * returns the exit status: 0, 1 (the work failed), 2 (usage error);
 * record returns the command's own status; diff 3 when a --fail-if rule
 * tripped.
 */
#ifndef SCPROF_COMMANDS_H
#define SCPROF_COMMANDS_H

/* the program's version, as --version and every recording show it */
#define SCPROF_VERSION "0.1"
/* what record writes and report, dump and diff read by default */
#define SCPROF_DEFAULT_INPUT "scprof.data"

/* scprof diff: a --fail-if rule tripped */
#define DIFF_EXIT_TRIPPED 3

/* scprof record: run or attach to programs and record their system calls */
int cmd_record(int argc, char **argv);
/* scprof report: summarize a recording */
int cmd_report(int argc, char **argv);
/* scprof dump: print a recording's raw records, one a line */
int cmd_dump(int argc, char **argv);
/* scprof diff: compare recordings, what changed between runs */
int cmd_diff(int argc, char **argv);
/* scprof top: a live table of the system calls, refreshed each interval */
int cmd_top(int argc, char **argv);
/* scprof list-syscalls (hidden): the syscall names -e takes, one a line,
 * for the shell completion */
int cmd_list_syscalls(int argc, char **argv);

struct record_config;
struct record_error;
/* The recorder's defaults (record and top): ring size, priority, stacks */
void record_config_init(struct record_config *o, const char *recorder);
/* The options record and top share: -p, -a, -e, -m and --no-bpf (getopt
 * 'B').  0, or 2 with the usage error said. */
int record_shared_option(const char *cmd, int c, const char *arg, struct record_config *o);
/* SCPROF_NO_BPF=1 in the environment: --no-bpf */
void record_env(struct record_config *o);
/* -p PID[,PID...] into o->pids (record and top); 0 or -1 if invalid */
int record_parse_pids(const char *s, struct record_config *o);
/* Why recorder_open failed, in the user's words (record and top); returns
 * the exit status. */
int record_explain_open(const struct record_config *o, const struct record_error *e);

/* scprof list: the counters this machine can count (record --counters) */
int cmd_list(int argc, char **argv);

#endif
