// ifc_curl.h — the parts of libcurl's easy interface that Swift cannot call directly.
//
// `curl_easy_setopt` and `curl_easy_getinfo` are variadic; Swift does not import C variadics. These
// wrappers give each argument type its own non-variadic function. Everything else of libcurl
// (curl_easy_init, curl_easy_perform, curl_easy_cleanup, curl_easy_strerror, the slist functions,
// the CURLOPT_ / CURLINFO_ / CURLE_ constants) is used directly through this module.
//
// Conventions: one prefix (`ifc_`), out-parameters first, every function returns the CURLcode of
// that one call (no thread-local "last error"), no varargs.
//
// Ownership:
// - A `CURL *` handle comes from curl_easy_init and stays owned by the caller, who releases it with
//   curl_easy_cleanup. These functions never retain or release it.
// - Strings given to ifc_setopt_string are copied by libcurl (true for every string option since
//   7.17.0): the caller may free them as soon as the call returns.
// - Pointers given to ifc_setopt_pointer (slists, the error buffer, private data) and the `context`
//   of the callback setters are borrowed: the caller keeps them alive until the handle is cleaned
//   up or the option is set again.
// - Strings returned by ifc_getinfo_string belong to the handle; they are valid until the next
//   transfer on it or its cleanup, whichever comes first. Copy them.
#ifndef IFC_CURL_H
#define IFC_CURL_H

#include <curl/curl.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Signature of the write and header callbacks: `size * count` bytes at `data`; return how many
/// were consumed (anything else aborts the transfer with CURLE_WRITE_ERROR).
typedef size_t (*ifc_data_callback)(char *data, size_t size, size_t count, void *context);

/// Signature of the transfer-progress callback; return non-zero to abort the transfer
/// (CURLE_ABORTED_BY_CALLBACK). libcurl calls it often while data flows and about once a second
/// while nothing happens, connection set-up included.
typedef int (*ifc_xferinfo_callback)(void *context, curl_off_t download_total, curl_off_t download_now,
                                     curl_off_t upload_total, curl_off_t upload_now);

/// curl_global_init(CURL_GLOBAL_DEFAULT). Call once per process before the first handle.
CURLcode ifc_global_init(void);

/// Sets an option whose argument is a `long` (flags, counts, seconds, enums).
CURLcode ifc_setopt_long(CURL *handle, CURLoption option, long value);
/// Sets an option whose argument is a `curl_off_t` (sizes and offsets, the `_LARGE` options).
CURLcode ifc_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// Sets an option whose argument is a C string; libcurl copies it. NULL resets the option.
CURLcode ifc_setopt_string(CURL *handle, CURLoption option, const char *value);
/// Sets an option whose argument is an object pointer (slist, error buffer); borrowed, see above.
CURLcode ifc_setopt_pointer(CURL *handle, CURLoption option, void *value);

/// Installs the body callback (CURLOPT_WRITEFUNCTION + CURLOPT_WRITEDATA). `context` is borrowed.
CURLcode ifc_set_write_callback(CURL *handle, ifc_data_callback callback, void *context);
/// Installs the header callback, one call per header line (CURLOPT_HEADERFUNCTION + CURLOPT_HEADERDATA).
CURLcode ifc_set_header_callback(CURL *handle, ifc_data_callback callback, void *context);
/// Installs the progress callback and turns progress reporting on (CURLOPT_XFERINFOFUNCTION,
/// CURLOPT_XFERINFODATA, CURLOPT_NOPROGRESS = 0). `context` is borrowed.
CURLcode ifc_set_xferinfo_callback(CURL *handle, ifc_xferinfo_callback callback, void *context);
/// Installs the socket-opening callback (CURLOPT_OPENSOCKETFUNCTION + CURLOPT_OPENSOCKETDATA):
/// libcurl calls it with the resolved address before every connection, redirects included; it
/// returns a new socket, or CURL_SOCKET_BAD to refuse the address. `context` is borrowed.
CURLcode ifc_set_opensocket_callback(CURL *handle, curl_opensocket_callback callback, void *context);

/// Reads a `long` transfer fact (CURLINFO_RESPONSE_CODE, CURLINFO_CONDITION_UNMET, …) into `out`.
CURLcode ifc_getinfo_long(long *out, CURL *handle, CURLINFO info);
/// Reads a `curl_off_t` transfer fact (CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, CURLINFO_FILETIME_T, …).
CURLcode ifc_getinfo_off_t(curl_off_t *out, CURL *handle, CURLINFO info);
/// Reads a string transfer fact (CURLINFO_EFFECTIVE_URL, …); `*out` belongs to the handle (may be NULL).
CURLcode ifc_getinfo_string(const char **out, CURL *handle, CURLINFO info);

#ifdef __cplusplus
}
#endif

#endif
