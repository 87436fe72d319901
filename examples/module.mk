# examples/: small programs with known syscall behaviour, built into
# build/examples/NAME by `make`.  Each program's head comment lists the
# syscalls it makes and how many; tests/e2e/ asserts those counts.

EXAMPLE_NAMES := config_reread slow_peer sleeper deadlock syscall_mix file_calls
EXAMPLE_BINS := $(addprefix $(B)/examples/,$(EXAMPLE_NAMES))
EXAMPLES += $(EXAMPLE_BINS)

$(EXAMPLE_BINS): $(B)/examples/%: $(B)/examples/%.o
	$(call link,-lpthread)

.SECONDARY: $(EXAMPLE_BINS:=.o)

examples: $(EXAMPLE_BINS)
all: examples

.PHONY: examples

# stacks: one program with known call paths, built four ways for the call
# stack tests (tests/e2e/t_stacks_*.sh); not through the generic rule, which
# has one set of flags.
STACKS_EX := $(B)/examples/stacks_calls $(B)/examples/stacks_nofp \
	$(B)/examples/stacks_nopie $(B)/examples/stacks_strip
EXAMPLES += $(STACKS_EX)
STACKS_EX_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -I.
examples: $(STACKS_EX)

$(B)/examples/stacks_calls: examples/stacks_calls.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fno-omit-frame-pointer -o $@ $<

$(B)/examples/stacks_nofp: examples/stacks_calls.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fomit-frame-pointer -o $@ $<

$(B)/examples/stacks_nopie: examples/stacks_calls.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fno-omit-frame-pointer -fno-pie -no-pie -o $@ $<

# symbols only in stacks_strip.debug, next to it, named by .gnu_debuglink
$(B)/examples/stacks_strip: examples/stacks_calls.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fno-omit-frame-pointer -o $@.full $<
	$(Q)objcopy --only-keep-debug $@.full $@.debug
	$(Q)objcopy --strip-all --add-gnu-debuglink=$@.debug $@.full $@
	$(Q)rm -f $@.full
