// Internal to the shim: the session object behind `ift_session *` and helpers shared by the .cpp
// files. libtorrent types never leave these files.
//
// Every `extern "C"` function that can fail is one `return ift::guarded(error, "what", [&]() -> int { ... });`,
// argument checks included (building a message allocates, and `bad_alloc` must not cross the boundary);
// the per-torrent ones reach their torrent through `ift::with_torrent` inside that. The rest (`_free`,
// `_options_init`) cannot throw.
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
#include <unordered_set>
#include <vector>

#include <unistd.h>

namespace lt = libtorrent;

namespace ift {

/// Owns a file descriptor and closes it when destroyed. Neither copied nor moved.
class unique_fd {
public:
    unique_fd() = default;
    unique_fd(unique_fd const &) = delete;
    unique_fd &operator=(unique_fd const &) = delete;
    ~unique_fd() { reset(-1); }

    int get() const noexcept { return fd_; }
    /// Closes the descriptor held (if any) and takes `fd` (-1 for none).
    void reset(int fd) noexcept {
        if (fd_ >= 0) close(fd_);
        fd_ = fd;
    }

private:
    int fd_ = -1;
};

} // namespace ift

/// The session behind the opaque handle. `mutex` guards every member below it; libtorrent calls
/// that round-trip to the network thread may be made while holding it (the network thread never
/// takes it: the alert-notify callback only writes to `event_fd`).
///
/// Destroying it releases everything it holds, however far `ift_session_create` got: pending events'
/// data, the libtorrent session (blocking; `ift_session_destroy` aborts it with a deadline first), and
/// then the eventfd, which is declared first so that it outlives the callback writing to it.
struct ift_session {
    ~ift_session();

    /// eventfd written by the alert-notify callback; read (reset) by the caller.
    ift::unique_fd event_fd;
    std::unique_ptr<lt::session> session;

    std::mutex mutex;
    ift_torrent_id next_id = 1;
    std::map<lt::torrent_handle, ift_torrent_id> ids; // ordered by owner: works for expired handles
    std::unordered_map<ift_torrent_id, lt::torrent_handle> handles;
    std::unordered_map<ift_torrent_id, lt::info_hash_t> hashes; // to name torrents whose handle is gone
    std::deque<ift_event> pending;                              // converted events not handed out yet
    /// Torrents added paused by the shim itself, resumed once their files are checked (see
    /// `start_when_checked` in add.cpp): a resume dials the known peers at once.
    std::unordered_set<ift_torrent_id> start_when_checked;
    std::vector<lt::alert *> alerts; // scratch for pop_alerts
};

namespace ift {

/// Writes `code` and `message` into `error` (when given) and returns `code`.
int fail(ift_error *error, int code, std::string const &message, int system_code = 0);
/// The same with the message "`what`: `detail`", written without allocating (for `guarded`'s handlers).
int fail(ift_error *error, int code, char const *what, char const *detail, int system_code) noexcept;

/// Copies `text` into a fixed-size C buffer, truncating and NUL-terminating.
void copy_string(char *destination, size_t capacity, std::string const &text);

/// Converts libtorrent's info-hashes into the C struct.
ift_info_hashes to_c(lt::info_hash_t const &hashes);
/// Converts the C struct into libtorrent's info-hashes.
lt::info_hash_t from_c(ift_info_hashes const &hashes);

/// Runs `body`, turning every exception into an error code and a message starting with `what`.
/// The handlers do not allocate, so nothing can escape them either.
template <class Body> int guarded(ift_error *error, char const *what, Body &&body) noexcept {
    try {
        return body();
    } catch (lt::system_error const &e) {
        if (e.code() == lt::errors::invalid_torrent_handle)
            return fail(error, IFT_ERR_UNKNOWN_TORRENT, what, "the torrent is gone", e.code().value());
        return fail(error, IFT_ERR_INTERNAL, what, e.what(), e.code().value()); // what(): the code's message
    } catch (std::bad_alloc const &) {
        return fail(error, IFT_ERR_INTERNAL, what, "out of memory", 0);
    } catch (std::exception const &e) {
        return fail(error, IFT_ERR_INTERNAL, what, e.what(), 0);
    } catch (...) {
        return fail(error, IFT_ERR_INTERNAL, what, "unknown exception", 0);
    }
}

/// Looks up torrent `id` of `session` and returns `act(handle)`: how every per-torrent entry point
/// reaches its torrent. Fails with IFT_ERR_INVALID_ARGUMENT without a session and with
/// IFT_ERR_UNKNOWN_TORRENT for an id the session does not know (removed or never added). Holds
/// `session->mutex` for the look-up only. Lets exceptions through: call it inside `guarded`.
template <class Act> int with_torrent(ift_session *session, ift_torrent_id id, ift_error *error, Act &&act) {
    if (!session) return fail(error, IFT_ERR_INVALID_ARGUMENT, "no session given");
    lt::torrent_handle handle;
    {
        std::lock_guard<std::mutex> lock(session->mutex);
        auto found = session->handles.find(id);
        if (found == session->handles.end())
            return fail(error, IFT_ERR_UNKNOWN_TORRENT,
                        "no torrent with id " + std::to_string(id) + " in this session");
        handle = found->second;
    }
    return act(handle);
}

/// `*options = defaults` when `version` is the version of `defaults`, for the `_options_init` functions.
template <class Options> int init_options(Options *options, unsigned int version, Options const &defaults) noexcept {
    if (!options || version != defaults.version) return IFT_ERR_INVALID_ARGUMENT;
    *options = defaults;
    return IFT_OK;
}

/// IFT_OK when an options struct has the `version` this header knows (`expected`), else fails with
/// IFT_ERR_INVALID_ARGUMENT naming the struct `type` and how to initialise it.
int check_version(ift_error *error, char const *what, char const *type, unsigned int version, unsigned int expected);

/// True when both name the same torrent: every hash kind present on both sides agrees, and at
/// least one kind is present on both.
bool same_torrent(lt::info_hash_t const &a, lt::info_hash_t const &b);

/// Splits `host:port` / `[v6]:port` and resolves the host (names allowed) into `out`.
int resolve_peer(std::vector<lt::tcp::endpoint> &out, std::string const &text, ift_error *error);

/// Turns pending alerts into events appended to `session->pending`. Caller holds `session->mutex`.
void drain_alerts_locked(ift_session *session);

} // namespace ift
