// ifio_fileio.h — the Linux file calls that Swift's Glibc module does not export (glibc
// declares O_DIRECT and sync_file_range only under _GNU_SOURCE; statfs is in <sys/vfs.h>).
//
// Conventions: one prefix (`ifio_`), out-parameters first, each function returns 0 or the errno
// value of that one call (no reliance on a thread-local errno read later). No handles are kept:
// descriptors returned belong to the caller, who closes them.
#ifndef IFIO_FILEIO_H
#define IFIO_FILEIO_H

#ifdef __cplusplus
extern "C" {
#endif

/// Opens an existing file for writing with O_DIRECT (writes bypass the page cache; offsets,
/// lengths and buffer addresses must be multiples of the device's logical block size).
/// On success stores the new descriptor (O_CLOEXEC, owned by the caller) in `*out_fd`.
/// Returns 0, or errno (EINVAL where the file system does not support O_DIRECT).
int ifio_open_direct(int *out_fd, const char *path);

/// Starts writing the dirty pages of `length` bytes at `offset` of `fd` to disk and returns
/// without waiting (sync_file_range with SYNC_FILE_RANGE_WRITE), so that a later fsync has
/// little left to write. Returns 0, or errno.
int ifio_start_writeback(int fd, long long offset, long long length);

/// Stores the file system type of `path` (statfs's f_type magic number, linux/magic.h) in
/// `*out_type`. Returns 0, or errno.
int ifio_file_system_type(long long *out_type, const char *path);

#ifdef __cplusplus
}
#endif

#endif
