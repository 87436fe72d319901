SCPROF_OBJS += $(B)/report/report.o $(B)/report/dump.o
