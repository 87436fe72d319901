#include "profiler/record.h"
#include "cli/diag.h"
int cmd_record(int argc, char **argv)
{
	(void)argc; (void)argv;
	diag_error("record is not implemented yet");
	return 1;
}
