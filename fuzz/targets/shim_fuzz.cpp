// libFuzzer targets for the shim's two readers of untrusted text: magnet URIs
// (`ift_magnet_inspect`) and .torrent bytes (`ift_torrent_file_inspect`). Built twice by
// scripts/fuzz.sh, once with -DFUZZ_MAGNET and once with -DFUZZ_TORRENT_FILE.
#include "isofleet_torrent.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// A reader either succeeds with a terminated name or fails with a message; anything else is a bug.
void check_name(int result, char const *name, size_t capacity, ift_error const &error) {
    if (result == 0 && std::memchr(name, '\0', capacity) == nullptr) std::abort();
    if (result != 0 && std::memchr(error.message, '\0', sizeof error.message) == nullptr) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const *data, size_t size) {
    ift_info_hashes hashes{};
    ift_error error{};
    char name[256];
    std::memset(name, 'x', sizeof name);
#if defined(FUZZ_MAGNET)
    std::string const uri(reinterpret_cast<char const *>(data), size);
    int const result = ift_magnet_inspect(&hashes, name, sizeof name, uri.c_str(), &error);
    check_name(result, name, sizeof name, error);
#elif defined(FUZZ_TORRENT_FILE)
    int64_t total = -1;
    int const result = ift_torrent_file_inspect(&hashes, &total, name, sizeof name, data, size, &error);
    check_name(result, name, sizeof name, error);
    if (result == 0 && total < 0) std::abort();
#else
#error "define FUZZ_MAGNET or FUZZ_TORRENT_FILE"
#endif
    return 0;
}
