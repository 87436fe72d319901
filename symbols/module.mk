# symbols/: ELF function symbols, the one rule naming an address by them,
# and this process's vdso image (elfsym.h); used by the recorder's symbol
# store (profiler/) and the report's symbolization (analysis/).  Uses
# libelf and base/ only.
SYMBOLS_OBJS := $(B)/symbols/elfsym.o
SCPROF_OBJS += $(SYMBOLS_OBJS)

$(eval $(call unit-test,check_elfsym,$(SYMBOLS_OBJS),))
