// Controlling and describing torrents: remove, pause/resume, limits, peers, flush, resume data,
// pieces from elsewhere, .torrent export, status snapshots.
#include "shim_internal.hpp"

#include <libtorrent/error_code.hpp>
#include <libtorrent/torrent_info.hpp>
#include <libtorrent/torrent_status.hpp>
#include <libtorrent/write_resume_data.hpp>

#include <cstdlib>
#include <vector>

namespace {

/// The caller pauses or resumes `torrent` itself: the shim no longer resumes it once checked.
void forget_start_when_checked(ift_session *session, ift_torrent_id torrent) {
    std::lock_guard<std::mutex> lock(session->mutex);
    session->start_when_checked.erase(torrent);
}

} // namespace

extern "C" {

int ift_session_remove(ift_session *session, ift_torrent_id torrent, int delete_files, ift_error *error) {
    return ift::guarded(error, "remove torrent", [&]() -> int {
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            lt::remove_flags_t const flags =
                delete_files ? (lt::session::delete_files | lt::session::delete_partfile) : lt::remove_flags_t{};
            session->session->remove_torrent(handle, flags);
            return IFT_OK;
        });
    });
}

int ift_torrent_pause(ift_session *session, ift_torrent_id torrent, ift_error *error) {
    return ift::guarded(error, "pause torrent", [&]() -> int {
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            forget_start_when_checked(session, torrent);
            handle.pause(lt::torrent_handle::graceful_pause);
            return IFT_OK;
        });
    });
}

int ift_torrent_resume(ift_session *session, ift_torrent_id torrent, ift_error *error) {
    return ift::guarded(error, "resume torrent", [&]() -> int {
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            forget_start_when_checked(session, torrent);
            handle.resume();
            return IFT_OK;
        });
    });
}

int ift_torrent_set_rate_limits(ift_session *session, ift_torrent_id torrent, int upload, int download,
                                ift_error *error) {
    return ift::guarded(error, "set torrent rate limits", [&]() -> int {
        if (upload < 0 || download < 0)
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "set torrent rate limits: negative limit");
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            handle.set_upload_limit(upload > 0 ? upload : -1);
            handle.set_download_limit(download > 0 ? download : -1);
            return IFT_OK;
        });
    });
}

int ift_torrent_connect_peer(ift_session *session, ift_torrent_id torrent, char const *host, uint16_t port,
                             ift_error *error) {
    return ift::guarded(error, "connect peer", [&]() -> int {
        if (!host || !*host || port == 0)
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "connect peer: no host or port given");
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            std::vector<lt::tcp::endpoint> endpoints;
            std::string const name(host);
            std::string const text =
                (name.find(':') != std::string::npos ? "[" + name + "]" : name) + ":" + std::to_string(port);
            int const resolved = ift::resolve_peer(endpoints, text, error);
            if (resolved != IFT_OK) return resolved;
            for (auto const &endpoint : endpoints) handle.connect_peer(endpoint);
            return IFT_OK;
        });
    });
}

int ift_torrent_flush_cache(ift_session *session, ift_torrent_id torrent, ift_error *error) {
    return ift::guarded(error, "flush cache", [&]() -> int {
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            handle.flush_cache(); // a fence job in the disk thread: runs after every pending write
            return IFT_OK;
        });
    });
}

int ift_torrent_save_resume_data(ift_session *session, ift_torrent_id torrent, ift_error *error) {
    return ift::guarded(error, "save resume data", [&]() -> int {
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            handle.save_resume_data(lt::torrent_handle::save_info_dict | lt::torrent_handle::flush_disk_cache);
            return IFT_OK;
        });
    });
}

int ift_torrent_add_piece(ift_session *session, ift_torrent_id torrent, int piece, uint8_t const *data, size_t size,
                          ift_error *error) {
    return ift::guarded(error, "add piece", [&]() -> int {
        if (!data || piece < 0) return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "add piece: bad piece or no data");
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            auto info = handle.torrent_file();
            if (!info) return ift::fail(error, IFT_ERR_NO_METADATA, "add piece: the torrent has no metadata yet");
            auto const state = handle.status({}).state;
            if (state == lt::torrent_status::checking_files || state == lt::torrent_status::checking_resume_data)
                return ift::fail(error, IFT_ERR_CHECKING, "add piece: the torrent is still checking its files");
            if (piece >= info->num_pieces())
                return ift::fail(error, IFT_ERR_INVALID_ARGUMENT,
                                 "add piece: piece " + std::to_string(piece) + " of " +
                                     std::to_string(info->num_pieces()));
            size_t const expected = static_cast<size_t>(info->piece_size(lt::piece_index_t(piece)));
            if (size != expected)
                return ift::fail(error, IFT_ERR_INVALID_ARGUMENT,
                                 "add piece: piece " + std::to_string(piece) + " has " + std::to_string(expected) +
                                     " bytes, got " + std::to_string(size));
            std::vector<char> bytes(reinterpret_cast<char const *>(data), reinterpret_cast<char const *>(data) + size);
            handle.add_piece(lt::piece_index_t(piece), std::move(bytes));
            return IFT_OK;
        });
    });
}

int ift_torrent_get_torrent_file(ift_buffer *out, ift_session *session, ift_torrent_id torrent, ift_error *error) {
    return ift::guarded(error, "get .torrent", [&]() -> int {
        if (!out) return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "get .torrent: missing argument");
        *out = ift_buffer{};
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            // With the v2 piece layers, which torrent_file() leaves out.
            auto info = handle.torrent_file_with_hashes();
            if (!info) return ift::fail(error, IFT_ERR_NO_METADATA, "get .torrent: the torrent has no metadata yet");
            lt::add_torrent_params atp;
            atp.ti = info;
            std::vector<char> bytes;
            try {
                bytes = lt::write_torrent_file_buf(atp, {});
            } catch (std::exception const &) {
                // v2 piece layers not all known (seed mode, or fetched by magnet): peers can still ask
                // for them by hash request, and the info-hash is unaffected.
                bytes = lt::write_torrent_file_buf(atp, lt::write_flags::allow_missing_piece_layer);
            }
            out->data = static_cast<uint8_t *>(std::malloc(bytes.size()));
            if (!out->data) throw std::bad_alloc();
            std::memcpy(out->data, bytes.data(), bytes.size());
            out->size = bytes.size();
            return IFT_OK;
        });
    });
}

int ift_torrent_get_piece_map(ift_piece_map *out, ift_session *session, ift_torrent_id torrent, ift_error *error) {
    return ift::guarded(error, "piece map", [&]() -> int {
        if (!out) return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "piece map: missing argument");
        *out = ift_piece_map{};
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            lt::torrent_status const s = handle.status(lt::torrent_handle::query_pieces);
            if (!s.has_metadata)
                return ift::fail(error, IFT_ERR_NO_METADATA, "piece map: the torrent has no metadata yet");
            int const count = s.pieces.size();
            std::vector<int> availability;
            handle.piece_availability(availability); // empty for a seed
            size_t const n = static_cast<size_t>(count);
            out->have = static_cast<uint8_t *>(std::calloc(n ? n : 1, 1));
            out->availability = static_cast<int32_t *>(std::calloc(n ? n : 1, sizeof(int32_t)));
            if (!out->have || !out->availability) {
                ift_piece_map_free(out);
                throw std::bad_alloc();
            }
            out->num_pieces = count;
            for (int i = 0; i < count; ++i) {
                out->have[i] = s.pieces.get_bit(lt::piece_index_t(i)) ? 1 : 0;
                if (static_cast<size_t>(i) < availability.size())
                    out->availability[i] = availability[static_cast<size_t>(i)];
            }
            return IFT_OK;
        });
    });
}

void ift_piece_map_free(ift_piece_map *map) {
    if (!map) return;
    std::free(map->have);
    std::free(map->availability);
    *map = ift_piece_map{};
}

int ift_torrent_get_status(ift_torrent_status *out, ift_session *session, ift_torrent_id torrent, ift_error *error) {
    return ift::guarded(error, "torrent status", [&]() -> int {
        if (!out) return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "torrent status: missing argument");
        return ift::with_torrent(session, torrent, error, [&](lt::torrent_handle const &handle) -> int {
            // Read before the status: once the shim resumed the torrent, the status comes after it.
            bool starting;
            {
                std::lock_guard<std::mutex> lock(session->mutex);
                starting = session->start_when_checked.count(torrent) > 0;
            }
            lt::torrent_status const s =
                handle.status(lt::torrent_handle::query_name | lt::torrent_handle::query_torrent_file |
                              lt::torrent_handle::query_save_path);
            ift_torrent_status result{};
            result.state = static_cast<int>(s.state);
            // Paused by the shim until checked (add.cpp) is not paused for the caller.
            result.paused = (s.flags & lt::torrent_flags::paused) && !starting ? 1 : 0;
            result.has_metadata = s.has_metadata ? 1 : 0;
            result.is_seeding = s.is_seeding ? 1 : 0;
            result.progress_ppm = s.progress_ppm;
            result.total_wanted = s.total_wanted;
            result.total_done = s.total_done;
            if (auto info = s.torrent_file.lock()) {
                result.total_size = info->total_size();
                result.piece_size = info->piece_length();
                result.num_pieces = info->num_pieces();
            }
            result.pieces_done = s.num_pieces;
            result.total_download = s.total_download;
            result.total_upload = s.total_upload;
            result.total_payload_download = s.total_payload_download;
            result.total_payload_upload = s.total_payload_upload;
            result.all_time_download = s.all_time_download;
            result.all_time_upload = s.all_time_upload;
            result.download_rate = s.download_rate;
            result.upload_rate = s.upload_rate;
            result.download_payload_rate = s.download_payload_rate;
            result.upload_payload_rate = s.upload_payload_rate;
            result.num_peers = s.num_peers;
            result.num_seeds = s.num_seeds;
            result.num_connections = s.num_connections;
            result.info_hashes = ift::to_c(s.info_hashes);
            ift::copy_string(result.name, sizeof result.name, s.name);
            if (s.errc) {
                result.error_code = s.errc.value();
                std::string text = s.errc.message();
                if (s.error_file >= lt::file_index_t(0)) {
                    if (auto info = s.torrent_file.lock())
                        text += " (" + info->files().file_path(s.error_file, s.save_path) + ")";
                }
                ift::copy_string(result.error_message, sizeof result.error_message, text);
            }
            *out = result;
            return IFT_OK;
        });
    });
}

} // extern "C"
