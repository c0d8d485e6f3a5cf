/* libnfs 4.0 (Debian bookworm) for Swift. libnfs.h uses struct timeval without including
   <sys/time.h>, so it comes first. 4.0's argument order is nfs_pread(nfs, fh, offset, count, buf). */
#include <sys/time.h>
#include <stdint.h>
#include <fcntl.h>
#include <nfsc/libnfs.h>
#include <nfsc/libnfs-raw-nfs4.h>
