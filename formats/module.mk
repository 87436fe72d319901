# libscf: the recording file's writer and reader.
SCF_OBJS := $(B)/formats/scf_common.o $(B)/formats/scf_writer.o $(B)/formats/scf_reader.o

$(B)/libscf.a: $(SCF_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

UNIT_TESTS += $(B)/tests/unit/check_scf

$(B)/tests/unit/check_scf: $(B)/tests/unit/check_scf.o $(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS)

UNIT_TESTS += $(B)/tests/unit/check_scf_golden

$(B)/tests/unit/check_scf_golden: $(B)/tests/unit/check_scf_golden.o $(B)/tests/fuzz/walk.o $(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS)
