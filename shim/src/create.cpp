// Creating deterministic .torrent files from single files.
#include "shim_internal.hpp"

#include <libtorrent/create_torrent.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/mmap_disk_io.hpp>
#include <libtorrent/settings_pack.hpp>
#include <libtorrent/torrent_info.hpp>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include <sys/stat.h>

extern "C" {

int ift_torrent_file_create_options_init(ift_torrent_file_create_options *options, unsigned int version) {
    static ift_torrent_file_create_options const defaults = IFT_TORRENT_FILE_CREATE_OPTIONS_INIT;
    return ift::init_options(options, version, defaults);
}

int ift_torrent_file_create(ift_buffer *out_torrent, ift_info_hashes *out_info_hashes, char const *path,
                            ift_torrent_file_create_options const *options, ift_progress_fn progress, void *context,
                            ift_error *error) {
    return ift::guarded(error, "create torrent", [&]() -> int {
        if (!out_torrent || !out_info_hashes || !path || !*path || !options)
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "create torrent: missing argument");
        *out_torrent = ift_buffer{};
        *out_info_hashes = ift_info_hashes{};
        int const version = ift::check_version(error, "create torrent", "ift_torrent_file_create_options",
                                               options->version, IFT_TORRENT_FILE_CREATE_OPTIONS_VERSION);
        if (version != IFT_OK) return version;
        int const piece_size = options->piece_size;
        if (piece_size < 16 * 1024 || (piece_size & (piece_size - 1)) != 0)
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT,
                             "create torrent: piece size " + std::to_string(piece_size) +
                                 " is not a power of two of at least 16384 bytes");
        if (options->mode != IFT_MODE_HYBRID && options->mode != IFT_MODE_V1 && options->mode != IFT_MODE_V2)
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT,
                             "create torrent: unknown mode " + std::to_string(options->mode));
        struct stat info {};
        if (stat(path, &info) != 0) {
            int const code = errno;
            return ift::fail(error, IFT_ERR_IO,
                             std::string("create torrent: cannot read ") + path + ": " + std::strerror(code), code);
        }
        if (!S_ISREG(info.st_mode))
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT,
                             std::string("create torrent: ") + path + " is not a regular file");
        if (info.st_size == 0)
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, std::string("create torrent: ") + path + " is empty");

        std::string const full(path);
        auto const slash = full.find_last_of('/');
        std::string const parent = slash == std::string::npos ? "." : (slash == 0 ? "/" : full.substr(0, slash));
        std::string const leaf = slash == std::string::npos ? full : full.substr(slash + 1);

        // The file is described by name and size only: no mtime, no executable/hidden attributes.
        lt::file_storage files;
        files.add_file(leaf, info.st_size);
        lt::create_flags_t flags{};
        if (options->mode == IFT_MODE_V1) flags |= lt::create_torrent::v1_only;
        if (options->mode == IFT_MODE_V2) flags |= lt::create_torrent::v2_only;
        lt::create_torrent creator(files, piece_size, flags | lt::create_torrent::no_attributes);
        creator.set_creator("isofleet");
        creator.set_creation_date(0);
        for (size_t i = 0; i < options->tracker_count; ++i) {
            if (options->trackers && options->trackers[i] && *options->trackers[i])
                creator.add_tracker(options->trackers[i], static_cast<int>(i));
        }

        lt::settings_pack pack;
        pack.set_int(lt::settings_pack::hashing_threads, options->hashing_threads > 0 ? options->hashing_threads : 2);
        pack.set_int(lt::settings_pack::disk_write_mode, lt::settings_pack::always_pwrite);
        pack.set_int(lt::settings_pack::mmap_file_size_cutoff, INT_MAX);
        int const total = creator.num_pieces();
        int done = 0;
        lt::error_code ec;
        lt::set_piece_hashes(
            creator, parent, pack, lt::mmap_disk_io_constructor,
            [&](lt::piece_index_t) {
                ++done;
                if (progress) progress(context, done, total);
            },
            ec);
        if (ec)
            return ift::fail(error, IFT_ERR_IO, "create torrent: hashing " + full + ": " + ec.message(), ec.value());

        std::vector<char> bytes = creator.generate_buf();
        lt::torrent_info parsed(lt::span<char const>(bytes.data(), static_cast<std::ptrdiff_t>(bytes.size())),
                                lt::from_span);
        out_torrent->data = static_cast<uint8_t *>(std::malloc(bytes.size()));
        if (!out_torrent->data) throw std::bad_alloc();
        std::memcpy(out_torrent->data, bytes.data(), bytes.size());
        out_torrent->size = bytes.size();
        *out_info_hashes = ift::to_c(parsed.info_hashes());
        return IFT_OK;
    });
}

} // extern "C"
