SCPROF_OBJS += $(B)/cli/scprof.o $(B)/cli/diag.o
