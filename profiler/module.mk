# profiler/: the recorder, `scprof record`.
PROFILER_OBJS := $(B)/profiler/record.o $(B)/profiler/drain.o $(B)/profiler/perfevents.o $(B)/profiler/ring.o $(B)/profiler/merge.o \
	$(B)/profiler/decode.o $(B)/profiler/synth.o $(B)/profiler/launch.o \
	$(B)/profiler/pairing.o $(B)/profiler/tracefs.o $(B)/profiler/procfs.o \
	$(B)/profiler/counters.o $(B)/profiler/cntstate.o
SCPROF_OBJS += $(PROFILER_OBJS)

$(eval $(call unit-test,check_pairing,$(B)/profiler/merge.o $(B)/profiler/pairing.o $(B)/profiler/cntstate.o,))

$(eval $(call unit-test,check_decode,$(B)/profiler/decode.o $(B)/profiler/merge.o $(B)/profiler/synth.o $(B)/profiler/procfs.o,))

# symstore: symbol tables of the mapped binaries, stored at the end of a
# recording with stacks
SCPROF_OBJS += $(B)/profiler/symstore.o

$(eval $(call unit-test,check_symstore,$(B)/profiler/symstore.o $(SYMBOLS_OBJS) $(B)/libscf.a,))

# the program the counters end-to-end tests record (tests/e2e/t_counters*.sh)
EXAMPLES += $(B)/tests/e2e/counters_target
$(B)/tests/e2e/counters_target: $(B)/tests/e2e/counters_target.o
	$(call link,)
all: $(B)/tests/e2e/counters_target
