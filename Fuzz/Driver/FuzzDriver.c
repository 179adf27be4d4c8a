#include "FuzzDriver.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int replay_file(const char *path, int (*callback)(const uint8_t *, size_t)) {
    FILE *file = fopen(path, "rb");
    if (!file) return 1;
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    uint8_t *data = malloc(size > 0 ? (size_t)size : 1);
    size_t read = fread(data, 1, (size_t)(size > 0 ? size : 0), file);
    fclose(file);
    callback(data, read);
    free(data);
    return 0;
}

// Weak: libFuzzer's definition wins when the program is built with `-sanitize=fuzzer`.
__attribute__((weak)) int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t)) {
    int replayed = 0;
    for (int index = 1; index < *argc; index++) {
        const char *path = (*argv)[index];
        if (path[0] == '-') continue;  // a libFuzzer flag; meaningless here
        struct stat info;
        if (stat(path, &info) != 0) continue;
        if (!S_ISDIR(info.st_mode)) {
            replayed += replay_file(path, callback) == 0;
            continue;
        }
        DIR *folder = opendir(path);
        if (!folder) continue;
        struct dirent *entry;
        while ((entry = readdir(folder)) != NULL) {
            if (entry->d_name[0] == '.') continue;
            char file[4096];
            snprintf(file, sizeof file, "%s/%s", path, entry->d_name);
            replayed += replay_file(file, callback) == 0;
        }
        closedir(folder);
    }
    fprintf(stderr, "replayed %d inputs (built without -sanitize=fuzzer: no fuzzing)\n", replayed);
    return 0;
}
