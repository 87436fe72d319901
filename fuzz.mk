# fuzz.mk: `make fuzz` builds tests/fuzz/fuzz_reader with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs it for
# FUZZ_SECONDS (default 60) on the seed recordings in tests/fuzz/corpus/
# and tests/data/
# plus what earlier runs found (build/fuzz/corpus/).  A crash stops it and
# leaves the input as build/fuzz/crash-*: replay it with
# `build/fuzz/fuzz_reader FILE`, fix, and keep it in tests/data/ (see
# tests/data/README.md).  `make fuzz-replay` runs every file of tests/data/
# through the sanitized harness once.  FUZZ_ARGS adds libFuzzer flags (-fork=2: two
# processes).
#
# The views fuzzed are listed in tests/fuzz/views.c; a new view's sources
# go into FUZZ_SRCS here.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_ARGS ?=
FUZZ_CFLAGS := -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I. -I$(B) $(DEP_CFLAGS)
FUZZ_SRCS := tests/fuzz/fuzz_reader.c tests/fuzz/views.c tests/unit/walk.c \
	formats/scf_common.c formats/scf_reader.c formats/scf_writer.c \
	cli/dump.c cli/report.c cli/diag.c cli/readmsg.c cli/viewopts.c $(SYSCALLS_OBJS:$(B)/%.o=%.c) \
	$(ANALYSIS_OBJS:$(B)/%.o=%.c) $(OUTPUT_OBJS:$(B)/%.o=%.c) $(SYMBOLS_OBJS:$(B)/%.o=%.c)
FUZZ_HDRS := $(wildcard tests/fuzz/*.h tests/unit/walk.h formats/*.h symbols/*.h base/*.h analysis/*.h output/*.h cli/*.h syscalls/*.h)

$(B)/fuzz/fuzz_reader: $(FUZZ_SRCS) $(FUZZ_HDRS) fuzz.mk | $(GENERATED)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS) $(DEP_LIBS)

fuzz: $(B)/fuzz/fuzz_reader
	@mkdir -p $(B)/fuzz/corpus
	$(B)/fuzz/fuzz_reader -max_total_time=$(FUZZ_SECONDS) -close_fd_mask=3 \
		-rss_limit_mb=2048 -timeout=10 -max_len=65536 $(FUZZ_ARGS) \
		-artifact_prefix=$(B)/fuzz/ $(B)/fuzz/corpus tests/fuzz/corpus tests/data

# Every file of tests/data/ once through the sanitized views.
fuzz-replay: $(B)/fuzz/fuzz_reader
	$(B)/fuzz/fuzz_reader -close_fd_mask=3 $(filter-out %.md %.sh %.c,$(wildcard tests/data/*))

.PHONY: fuzz fuzz-replay
