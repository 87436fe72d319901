/* record.h - `scprof record`: run or attach to programs and record their system calls. */
#ifndef SCPROF_RECORD_H
#define SCPROF_RECORD_H
int cmd_record(int argc, char **argv);
#endif
