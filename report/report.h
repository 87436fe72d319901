/* report.h - `scprof report`: summarize a recording. */
#ifndef SCPROF_REPORT_H
#define SCPROF_REPORT_H
int cmd_report(int argc, char **argv);
#endif
