# syscalls/: generated syscall, errno and class tables (filled in later).
