# base/: the few helpers every folder may use: grow.h and hash.h (header
# only), and outfile, an output file that replaces only a regular file,
# once complete (record -o, report -o).  Uses nothing.
BASE_OBJS := $(B)/base/outfile.o
SCPROF_OBJS += $(BASE_OBJS)
