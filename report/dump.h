/* dump.h - `scprof dump`: print a recording's raw records, one a line. */
#ifndef SCPROF_DUMP_H
#define SCPROF_DUMP_H
int cmd_dump(int argc, char **argv);
#endif
