# output/: the printers.  Each takes what analysis/ computed and a FILE *
# and only formats it: the report's tables (table), JSON (json, with
# jsonprint's pieces) and CSV (csv), event lines (evline), call stack
# lists and flame graphs (stackprint, flame, xmltext), the comparison of
# runs (diffout, diffflame) and the raw records of a recording (dump).
# Uses analysis/, formats/ and syscalls/; never cli/, never the scan.
OUTPUT_OBJS := $(B)/output/evline.o $(B)/output/table.o $(B)/output/json.o \
	$(B)/output/jsonprint.o $(B)/output/csv.o $(B)/output/diffout.o \
	$(B)/output/stackprint.o $(B)/output/flame.o $(B)/output/xmltext.o \
	$(B)/output/diffflame.o $(B)/output/dump.o $(B)/output/textesc.o
SCPROF_OBJS += $(OUTPUT_OBJS)

$(eval $(call unit-test,check_stacks,$(STACKS_OBJS) $(SYMBOLS_OBJS) $(B)/output/stackprint.o $(B)/output/flame.o $(B)/output/xmltext.o $(B)/output/textesc.o $(B)/analysis/hist.o $(B)/analysis/humantime.o $(B)/output/jsonprint.o $(SYSCALLS_OBJS) $(B)/libscf.a,-lm))

# textesc: strace's escapes for traced-side strings in every text view
$(eval $(call unit-test,check_textesc,$(B)/output/textesc.o,))
