// Internal to the shim: the session object behind `ift_session *` and helpers shared by the .cpp
// files. libtorrent types never leave these files.
#pragma once

#include "isofleet_torrent.h"

#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/info_hash.hpp>
#include <libtorrent/session.hpp>
#include <libtorrent/torrent_handle.hpp>

#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace lt = libtorrent;

/// The session behind the opaque handle. `mutex` guards every member below it; libtorrent calls
/// that round-trip to the network thread may be made while holding it (the network thread never
/// takes it: the alert-notify callback only writes to `event_fd`).
struct ift_session {
    std::unique_ptr<lt::session> session;
    /// eventfd written by the alert-notify callback; read (reset) by the caller.
    int event_fd = -1;

    std::mutex mutex;
    ift_torrent_id next_id = 1;
    std::map<lt::torrent_handle, ift_torrent_id> ids; // ordered by owner: works for expired handles
    std::unordered_map<ift_torrent_id, lt::torrent_handle> handles;
    std::unordered_map<ift_torrent_id, lt::info_hash_t> hashes; // to name torrents whose handle is gone
    std::deque<ift_event> pending;                              // converted events not handed out yet
    std::vector<lt::alert *> alerts;                            // scratch for pop_alerts
};

namespace ift {

/// Writes `code` and `message` into `error` (when given) and returns `code`.
int fail(ift_error *error, int code, std::string const &message, int system_code = 0);

/// Copies `text` into a fixed-size C buffer, truncating and NUL-terminating.
void copy_string(char *destination, size_t capacity, std::string const &text);

/// Converts libtorrent's info-hashes into the C struct.
ift_info_hashes to_c(lt::info_hash_t const &hashes);
/// Converts the C struct into libtorrent's info-hashes.
lt::info_hash_t from_c(ift_info_hashes const &hashes);

/// The handle for `id`, or fails with IFT_ERR_UNKNOWN_TORRENT. Locks `session->mutex`.
int lookup(lt::torrent_handle *out, ift_session *session, ift_torrent_id id, ift_error *error);

/// Runs `body`, turning every exception into an error code and a message starting with `what`.
template <class Body> int guarded(ift_error *error, char const *what, Body &&body) noexcept {
    try {
        return body();
    } catch (lt::system_error const &e) {
        if (e.code() == lt::errors::invalid_torrent_handle)
            return fail(error, IFT_ERR_UNKNOWN_TORRENT, std::string(what) + ": the torrent is gone", e.code().value());
        return fail(error, IFT_ERR_INTERNAL, std::string(what) + ": " + e.code().message(), e.code().value());
    } catch (std::bad_alloc const &) {
        return fail(error, IFT_ERR_INTERNAL, std::string(what) + ": out of memory");
    } catch (std::exception const &e) {
        return fail(error, IFT_ERR_INTERNAL, std::string(what) + ": " + e.what());
    } catch (...) {
        return fail(error, IFT_ERR_INTERNAL, std::string(what) + ": unknown exception");
    }
}

/// True when both name the same torrent: every hash kind present on both sides agrees, and at
/// least one kind is present on both.
bool same_torrent(lt::info_hash_t const &a, lt::info_hash_t const &b);

/// Splits `host:port` / `[v6]:port` and resolves the host (names allowed) into `out`.
int resolve_peer(std::vector<lt::tcp::endpoint> &out, std::string const &text, ift_error *error);

/// Turns pending alerts into events appended to `session->pending`. Caller holds `session->mutex`.
void drain_alerts_locked(ift_session *session);

} // namespace ift
