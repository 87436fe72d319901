# libscf: the recording file's writer and reader.
SCF_OBJS := $(B)/formats/scf_common.o $(B)/formats/scf_writer.o $(B)/formats/scf_reader.o

$(B)/libscf.a: $(SCF_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

# the tests of libscf, by topic, and what they share (scf_test.c)
SCF_TEST_OBJS := $(B)/tests/unit/scf_test.o $(B)/libscf.a
$(eval $(call unit-test,check_scf,$(SCF_TEST_OBJS),))
$(eval $(call unit-test,check_scf_symtab,$(SCF_TEST_OBJS),))
$(eval $(call unit-test,check_scf_damaged,$(SCF_TEST_OBJS),))
$(eval $(call unit-test,check_scf_captures,$(SCF_TEST_OBJS),))
$(eval $(call unit-test,check_scf_counters,$(SCF_TEST_OBJS),))
$(eval $(call unit-test,check_scf_fds,$(SCF_TEST_OBJS),))

$(eval $(call unit-test,check_scf_golden,$(B)/tests/unit/walk.o $(B)/libscf.a,))
