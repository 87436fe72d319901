# syscalls/: generated syscall, errno and class tables, -e trace= sets and
# strace-like argument text (its captures decoded with libscf).  syscalls/gen.sh (sh + awk) writes the tables
# from the system headers and the checked-in *.in lists.

SYSCALLS_OBJS := $(B)/syscalls/syscalls.o $(B)/syscalls/syscall_set.o $(B)/syscalls/argfmt.o \
	$(B)/syscalls/strfmt.o $(B)/syscalls/captures.o
SYSCALLS_GEN := $(B)/syscalls/syscall_names.h $(B)/syscalls/errno_names.h \
	$(B)/syscalls/syscall_classes.h $(B)/syscalls/xlat_tables.h $(B)/syscalls/signatures.h \
	$(B)/syscalls/capture_table.h

SCPROF_OBJS += $(SYSCALLS_OBJS)
GENERATED += $(SYSCALLS_GEN)

# Write to a temporary name first so that a failed run leaves no table.
define syscalls_gen
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh syscalls/gen.sh $(1) >$@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
endef

$(B)/syscalls/syscall_names.h: syscalls/gen.sh syscalls/x86_64-extra.in
	$(call syscalls_gen,names '$(CC)' syscalls/x86_64-extra.in)

$(B)/syscalls/errno_names.h: syscalls/gen.sh
	$(call syscalls_gen,errnos '$(CC)')

$(B)/syscalls/syscall_classes.h: syscalls/gen.sh syscalls/classes.in
	$(call syscalls_gen,classes syscalls/classes.in)

$(B)/syscalls/xlat_tables.h: syscalls/gen.sh syscalls/xlat.in
	$(call syscalls_gen,xlat syscalls/xlat.in)

$(B)/syscalls/signatures.h: syscalls/gen.sh syscalls/signatures.in syscalls/xlat.in
	$(call syscalls_gen,signatures syscalls/signatures.in syscalls/xlat.in)

$(B)/syscalls/capture_table.h: syscalls/gen.sh syscalls/signatures.in
	$(call syscalls_gen,captures syscalls/signatures.in)

$(eval $(call unit-test,check_syscalls,$(SYSCALLS_OBJS) $(B)/libscf.a,))

# the program whose arguments tests/e2e/t_arg_widths.sh compares with strace
EXAMPLES += $(B)/tests/e2e/argwidth_target
$(B)/tests/e2e/argwidth_target: $(B)/tests/e2e/argwidth_target.o
	$(call link,)
all: $(B)/tests/e2e/argwidth_target
