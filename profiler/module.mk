# profiler/: the recorder, `scprof record`.
PROFILER_OBJS := $(B)/profiler/record.o $(B)/profiler/drain.o $(B)/profiler/perfevents.o $(B)/profiler/ring.o $(B)/profiler/merge.o \
	$(B)/profiler/decode.o $(B)/profiler/synth.o $(B)/profiler/launch.o \
	$(B)/profiler/pairing.o $(B)/profiler/tracefs.o $(B)/profiler/procfs.o
SCPROF_OBJS += $(PROFILER_OBJS)

UNIT_TESTS += $(B)/tests/check_pairing
$(B)/tests/check_pairing: $(B)/tests/unit/check_pairing.o $(B)/profiler/merge.o $(B)/profiler/pairing.o
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(CHECK_LIBS)

UNIT_TESTS += $(B)/tests/check_decode
$(B)/tests/check_decode: $(B)/tests/unit/check_decode.o $(B)/profiler/decode.o $(B)/profiler/merge.o \
		$(B)/profiler/synth.o $(B)/profiler/procfs.o
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(CHECK_LIBS)

# symstore: symbol tables of the mapped binaries, stored at the end of a
# recording with stacks
SCPROF_OBJS += $(B)/profiler/symstore.o

UNIT_TESTS += $(B)/tests/unit/check_symstore
$(B)/tests/unit/check_symstore: $(B)/tests/unit/check_symstore.o $(B)/profiler/symstore.o \
		$(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS)
