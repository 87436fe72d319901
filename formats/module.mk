# libscf: the recording file's writer and reader.
SCF_OBJS := $(B)/formats/scf_common.o $(B)/formats/scf_writer.o $(B)/formats/scf_reader.o

$(B)/libscf.a: $(SCF_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(eval $(call unit-test,check_scf,$(B)/libscf.a,))

$(eval $(call unit-test,check_scf_golden,$(B)/tests/unit/walk.o $(B)/libscf.a,))
