# output/: the printers.  Each takes what analysis/ computed and a FILE *
# and only formats it: the report's tables (table), JSON (json, with
# jsonprint's pieces) and CSV (csv), event lines (evline), call stack
# lists and flame graphs (stackprint, flame, xmltext), the comparison of
# runs (diffout, diffflame), the raw records of a recording (dump), and
# the exports: pprof profiles (pprof, with the profile.proto message
# compiled by protoc-c) and Chrome trace-event JSON (trace).
# Uses analysis/, formats/ and syscalls/; never cli/, never the scan.
OUTPUT_OBJS := $(B)/output/evline.o $(B)/output/table.o $(B)/output/json.o \
	$(B)/output/jsonprint.o $(B)/output/csv.o $(B)/output/diffout.o \
	$(B)/output/stackprint.o $(B)/output/flame.o $(B)/output/xmltext.o \
	$(B)/output/diffflame.o $(B)/output/dump.o $(B)/output/textesc.o \
	$(B)/output/pprof.o $(B)/output/profile.pb-c.o $(B)/output/trace.o
SCPROF_OBJS += $(OUTPUT_OBJS)
# libprotobuf-c.a, not the .so: one library less to map (libz is mapped
# anyway, libelf's)
DEP_CFLAGS += $(shell pkg-config --cflags libprotobuf-c zlib 2>/dev/null)
DEP_LIBS += -l:libprotobuf-c.a $(shell pkg-config --libs zlib 2>/dev/null)

# google/pprof's profile.proto, compiled at build time (protoc-c from
# protobuf-c-compiler; make deps installs it)
GENERATED += $(B)/output/profile.pb-c.h
$(B)/output/profile.pb-c.c $(B)/output/profile.pb-c.h &: output/profile.proto
	@mkdir -p $(@D)
	@$(if $(Q),echo "  PROTOC  $<")
	$(Q)protoc-c --proto_path=output --c_out=$(B)/output $<
$(B)/output/profile.pb-c.o: $(B)/output/profile.pb-c.c
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(eval $(call unit-test,check_stacks,$(STACKS_OBJS) $(SYMBOLS_OBJS) $(B)/output/stackprint.o $(B)/output/flame.o $(B)/output/xmltext.o $(B)/output/textesc.o $(B)/analysis/hist.o $(B)/analysis/humantime.o $(B)/output/jsonprint.o $(SYSCALLS_OBJS) $(B)/libscf.a,-lm))

# textesc: strace's escapes for traced-side strings in every text view
$(eval $(call unit-test,check_textesc,$(B)/output/textesc.o,))

# diffflame: diff --stacks' table, difffolded and differential SVG
$(eval $(call unit-test,check_diffflame,$(B)/output/diffflame.o $(B)/output/xmltext.o $(DIFFSTACKS_OBJS) $(DIFF_OBJS) $(B)/analysis/agg.o $(B)/analysis/waits.o $(B)/analysis/hist.o $(B)/analysis/humantime.o $(B)/libscf.a,-lm))
