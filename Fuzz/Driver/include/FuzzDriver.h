#ifndef FUZZ_DRIVER_H
#define FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for a program with its own `main`. Built with `-sanitize=fuzzer`, the
/// real one runs; without it, a fallback runs the callback once over each file or folder given,
/// so the corpus can be replayed by a plain build.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
