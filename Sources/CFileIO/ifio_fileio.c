// Linux file calls hidden behind _GNU_SOURCE; see include/ifio_fileio.h.
#define _GNU_SOURCE
#include "ifio_fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/vfs.h>

int ifio_open_direct(int *out_fd, const char *path) {
    int fd = open(path, O_WRONLY | O_DIRECT | O_CLOEXEC);
    if (fd < 0) return errno;
    *out_fd = fd;
    return 0;
}

int ifio_start_writeback(int fd, long long offset, long long length) {
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE) == 0 ? 0 : errno;
}

int ifio_file_system_type(long long *out_type, const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return errno;
    *out_type = (long long)info.f_type;
    return 0;
}
