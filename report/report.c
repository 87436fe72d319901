#include "report/report.h"
#include "cli/diag.h"
int cmd_report(int argc, char **argv)
{
	(void)argc; (void)argv;
	diag_error("report is not implemented yet");
	return 1;
}
