# libscf: the recording file's writer and reader.
SCF_OBJS := $(B)/formats/scf_common.o

$(B)/libscf.a: $(SCF_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

