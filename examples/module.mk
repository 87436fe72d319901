# examples/: small programs with known syscall behaviour, built into
# build/examples/NAME by `make`.  Each program's head comment lists the
# syscalls it makes and how many; tests/e2e/ asserts those counts.

EXAMPLE_NAMES := config_reread slow_peer sleeper deadlock syscall_mix
EXAMPLE_BINS := $(addprefix $(B)/examples/,$(EXAMPLE_NAMES))
EXAMPLES += $(EXAMPLE_BINS)

$(EXAMPLE_BINS): $(B)/examples/%: $(B)/examples/%.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lpthread

.SECONDARY: $(EXAMPLE_BINS:=.o)

examples: $(EXAMPLE_BINS)
all: examples

.PHONY: examples
