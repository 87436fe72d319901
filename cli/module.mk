# cli/: the scprof program.  One file per command (record, report, diff,
# dump, top, list) owns its options, usage, messages and exit status; diag words the
# messages, openmsg why a recording cannot be opened.  Uses every library:
# profiler/, analysis/, output/, formats/, syscalls/ (see commands.h).
CLI_OBJS := $(B)/cli/scprof.o $(B)/cli/diag.o $(B)/cli/readmsg.o $(B)/cli/record.o \
	$(B)/cli/report.o $(B)/cli/diff.o $(B)/cli/dump.o $(B)/cli/viewopts.o $(B)/cli/list.o \
	$(B)/cli/top.o
SCPROF_OBJS += $(CLI_OBJS)

# the whole commands on synthetic recordings

$(eval $(call unit-test,check_report_cmd,$(B)/tests/unit/capture.o $(B)/cli/report.o $(BASE_OBJS) $(B)/cli/diag.o $(B)/cli/readmsg.o $(B)/cli/viewopts.o $(ANALYSIS_OBJS) $(OUTPUT_OBJS) $(SYMBOLS_OBJS) $(SYSCALLS_OBJS) $(B)/libscf.a,))

$(eval $(call unit-test,check_diff_cmd,$(B)/tests/unit/capture.o $(B)/cli/diff.o $(BASE_OBJS) $(B)/cli/diag.o $(B)/cli/readmsg.o $(B)/cli/viewopts.o $(ANALYSIS_OBJS) $(OUTPUT_OBJS) $(SYMBOLS_OBJS) $(SYSCALLS_OBJS) $(B)/libscf.a,))

# `scprof dump` is libscf's printer: its test lives with libscf's.

$(eval $(call unit-test,check_scf_dump,$(B)/tests/unit/capture.o $(B)/cli/dump.o $(B)/cli/diag.o $(B)/cli/readmsg.o $(B)/output/dump.o $(B)/output/textesc.o $(SYSCALLS_OBJS) $(B)/libscf.a,))

# the program the diff end-to-end tests record (tests/e2e/t_diff*.sh)
EXAMPLES += $(B)/tests/e2e/diff_target
$(B)/tests/e2e/diff_target: $(B)/tests/e2e/diff_target.o
	$(call link,)
all: $(B)/tests/e2e/diff_target

# the program t_diff_stacks.sh records: known call paths, counts from argv
EXAMPLES += $(B)/tests/e2e/diffstacks_target
$(B)/tests/e2e/diffstacks_target: tests/e2e/diffstacks_target.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) -std=gnu11 -O2 -g -Wall -Wextra -I. -fno-omit-frame-pointer -o $@ $<
all: $(B)/tests/e2e/diffstacks_target
