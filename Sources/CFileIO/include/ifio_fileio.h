// ifio_fileio.h — the Linux file calls the fetcher needs that Swift's Glibc module does not
// export (glibc declares them only under _GNU_SOURCE).
//
// Conventions: one prefix (`ifio_`), out-parameters first, each function returns 0 or the errno
// value of that one call (no reliance on a thread-local errno read later). No handles are kept:
// descriptors returned belong to the caller, who closes them.
#ifndef IFIO_FILEIO_H
#define IFIO_FILEIO_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Opens an existing file for writing with O_DIRECT (writes bypass the page cache; offsets,
/// lengths and buffer addresses must be multiples of the device's logical block size).
/// On success stores the new descriptor (O_CLOEXEC, owned by the caller) in `*out_fd`.
/// Returns 0, or errno (EINVAL where the file system does not support O_DIRECT).
int ifio_open_direct(int *out_fd, const char *path);

/// Starts writing `length` bytes at `offset` of `fd` back to disk without waiting
/// (sync_file_range with SYNC_FILE_RANGE_WRITE). Returns 0 or errno.
int ifio_start_writeback(int fd, int64_t offset, int64_t length);

#ifdef __cplusplus
}
#endif

#endif
