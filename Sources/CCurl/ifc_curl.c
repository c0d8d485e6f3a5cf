// Non-variadic wrappers over curl_easy_setopt / curl_easy_getinfo; see include/ifc_curl.h.
#include "ifc_curl.h"

CURLcode ifc_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }

CURLcode ifc_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ifc_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ifc_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ifc_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ifc_set_write_callback(CURL *handle, ifc_data_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

CURLcode ifc_set_header_callback(CURL *handle, ifc_data_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_HEADERDATA, context);
}

CURLcode ifc_set_xferinfo_callback(CURL *handle, ifc_xferinfo_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (code == CURLE_OK) code = curl_easy_setopt(handle, CURLOPT_XFERINFODATA, context);
    if (code == CURLE_OK) code = curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    return code;
}

CURLcode ifc_set_opensocket_callback(CURL *handle, curl_opensocket_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, context);
}

CURLcode ifc_getinfo_long(long *out, CURL *handle, CURLINFO info) {
    return curl_easy_getinfo(handle, info, out);
}

CURLcode ifc_getinfo_off_t(curl_off_t *out, CURL *handle, CURLINFO info) {
    return curl_easy_getinfo(handle, info, out);
}

CURLcode ifc_getinfo_string(const char **out, CURL *handle, CURLINFO info) {
    return curl_easy_getinfo(handle, info, out);
}
