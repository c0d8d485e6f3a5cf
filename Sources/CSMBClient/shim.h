/* libsmbclient (SMB2/SMB3) for Swift: the system headers libsmbclient.h expects first. */
#include <sys/types.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <libsmbclient.h>
