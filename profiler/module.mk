SCPROF_OBJS += $(B)/profiler/record.o
