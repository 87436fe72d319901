/*
 * diffcmd.h - `scprof diff`: compare recordings, what changed between runs.
 *
 * Exit status: 0, 1 (a recording cannot be read), 2 (usage), 3 (a
 * --fail-if rule tripped).
 */
#ifndef SCPROF_DIFFCMD_H
#define SCPROF_DIFFCMD_H

#define DIFF_EXIT_TRIPPED 3

int cmd_diff(int argc, char **argv);

#endif
