#include "report/dump.h"
#include "cli/diag.h"
int cmd_dump(int argc, char **argv)
{
	(void)argc; (void)argv;
	diag_error("dump is not implemented yet");
	return 1;
}
