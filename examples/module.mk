# examples/: small programs with known syscall behaviour.
