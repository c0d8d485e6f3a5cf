// Sessions: creation from an options struct, listening, rate limits, shutdown with a deadline.
#include "shim_internal.hpp"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/mmap_disk_io.hpp>
#include <libtorrent/session_params.hpp>
#include <libtorrent/settings_pack.hpp>
#include <libtorrent/version.hpp>

#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdio>
#include <thread>

#include <sys/eventfd.h>
#include <unistd.h>

namespace ift {

int fail(ift_error *error, int code, std::string const &message, int system_code) {
    if (error) {
        error->code = code;
        error->system_code = system_code;
        copy_string(error->message, sizeof error->message, message);
    }
    return code;
}

int fail(ift_error *error, int code, char const *what, char const *detail, int system_code) noexcept {
    if (error) {
        error->code = code;
        error->system_code = system_code;
        std::snprintf(error->message, sizeof error->message, "%s: %s", what, detail);
    }
    return code;
}

int check_version(ift_error *error, char const *what, char const *type, unsigned int version, unsigned int expected) {
    if (version == expected) return IFT_OK;
    return fail(error, IFT_ERR_INVALID_ARGUMENT,
                std::string(what) + ": " + type + " version " + std::to_string(version) + ", expected " +
                    std::to_string(expected) + " (initialise it with " + type + "_init)");
}

void copy_string(char *destination, size_t capacity, std::string const &text) {
    if (capacity == 0) return;
    size_t const count = std::min(capacity - 1, text.size());
    std::memcpy(destination, text.data(), count);
    destination[count] = '\0';
}

ift_info_hashes to_c(lt::info_hash_t const &hashes) {
    ift_info_hashes out{};
    if (hashes.has_v1()) {
        out.has_v1 = 1;
        std::memcpy(out.v1, hashes.v1.data(), sizeof out.v1);
    }
    if (hashes.has_v2()) {
        out.has_v2 = 1;
        std::memcpy(out.v2, hashes.v2.data(), sizeof out.v2);
    }
    return out;
}

lt::info_hash_t from_c(ift_info_hashes const &hashes) {
    lt::info_hash_t out;
    if (hashes.has_v1) out.v1 = lt::sha1_hash(reinterpret_cast<char const *>(hashes.v1));
    if (hashes.has_v2) out.v2 = lt::sha256_hash(reinterpret_cast<char const *>(hashes.v2));
    return out;
}

namespace {

lt::settings_pack make_pack(ift_session_create_options const &s) {
    using sp = lt::settings_pack;
    lt::settings_pack pack;
    pack.set_str(sp::listen_interfaces, s.listen_interfaces);
    pack.set_str(sp::user_agent, "isofleet libtorrent/" LIBTORRENT_VERSION);
    // Fail loudly instead of silently listening somewhere else (port+1…+10, then any port).
    pack.set_int(sp::max_retry_port_bind, 0);
    pack.set_bool(sp::listen_system_port_fallback, false);
    // Transport and discovery.
    pack.set_bool(sp::enable_outgoing_utp, s.enable_utp != 0);
    pack.set_bool(sp::enable_incoming_utp, s.enable_utp != 0);
    pack.set_bool(sp::enable_outgoing_tcp, true);
    pack.set_bool(sp::enable_incoming_tcp, true);
    pack.set_bool(sp::enable_dht, s.enable_dht != 0);
    pack.set_bool(sp::enable_lsd, s.enable_lsd != 0);
    pack.set_bool(sp::enable_upnp, s.enable_upnp != 0);
    pack.set_bool(sp::enable_natpmp, s.enable_natpmp != 0);
    pack.set_bool(sp::allow_multiple_connections_per_ip, s.allow_multiple_connections_per_ip != 0);
    // "Simple pread/pwrite": the mmap backend's thread pool without mapping files.
    pack.set_int(sp::disk_write_mode, sp::always_pwrite);
    pack.set_int(sp::mmap_file_size_cutoff, INT_MAX);
    if (s.hashing_threads > 0) pack.set_int(sp::hashing_threads, s.hashing_threads);
    if (s.aio_threads > 0) pack.set_int(sp::aio_threads, s.aio_threads);
    pack.set_int(sp::checking_mem_usage, 2048);
    // Every fleet node serves every other: no choking by slot count, no queueing.
    pack.set_int(sp::unchoke_slots_limit, -1);
    pack.set_int(sp::active_downloads, -1);
    pack.set_int(sp::active_seeds, -1);
    pack.set_int(sp::active_limit, -1);
    // Keep a connection to a peer that just completed. With redundant connections closed, a
    // downloader that needs only the pieces a peer got last drops that peer the moment it
    // becomes a seed (2.0.8 judges the connection "uninteresting" before counting its last
    // HAVE), and goes to the origin for those pieces (docs/fleet-lab.md, issue 14).
    pack.set_bool(sp::close_redundant_connections, false);
    if (s.connections_limit > 0) pack.set_int(sp::connections_limit, s.connections_limit);
    // A peer that refused a connection (it had not added the torrent yet, or was paused or still
    // checking) is tried again after (failures + 1) × min_reconnect_time and given up after
    // max_failcount failures: 60 s and 3 by default, so a peer dialled a moment too early (a torrent
    // dials its peers as soon as it is checked, add.cpp) waited two minutes. 5 s and 10: tried
    // again after 10 s, 15 s, ..., given up after about five minutes, as before.
    pack.set_int(sp::min_reconnect_time, 5);
    pack.set_int(sp::max_failcount, 10);
    // Throughput on fast links: deeper request queues and send buffers than the defaults.
    pack.set_int(sp::send_buffer_watermark, 4 * 1024 * 1024);
    pack.set_int(sp::send_buffer_low_watermark, 1024 * 1024);
    pack.set_int(sp::max_queued_disk_bytes, 16 * 1024 * 1024);
    pack.set_int(sp::max_out_request_queue, 1500);
    pack.set_int(sp::request_queue_time, 1);
    pack.set_int(sp::upload_rate_limit, s.upload_rate_limit);
    pack.set_int(sp::download_rate_limit, s.download_rate_limit);
    pack.set_int(sp::alert_mask, static_cast<int>(static_cast<std::uint32_t>(
                                     lt::alert_category::error | lt::alert_category::status |
                                     lt::alert_category::storage | lt::alert_category::connect)));
    pack.set_int(sp::alert_queue_size, 10000);
    return pack;
}

void apply_local_limits(lt::session &session, int upload, int download) {
    lt::peer_class_info info = session.get_peer_class(lt::session::local_peer_class_id);
    info.upload_limit = upload;
    info.download_limit = download;
    session.set_peer_class(lt::session::local_peer_class_id, info);
}

/// Describes the listen failures among pending events, for the error message.
std::string listen_failures_locked(ift_session *session) {
    std::string text;
    for (auto const &event : session->pending) {
        if (event.type != IFT_EVENT_LISTEN_FAILED) continue;
        if (!text.empty()) text += "; ";
        text += std::string(event.address) + ":" + std::to_string(event.port) + ": " + event.message;
    }
    return text;
}

/// Waits for the network thread behind `proxy` to end; shared with a helper thread so that the
/// caller can stop waiting at its deadline.
struct Shutdown {
    std::mutex mutex;
    std::condition_variable done_changed;
    bool done = false;
};

} // namespace
} // namespace ift

ift_session::~ift_session() {
    for (auto &event : pending) ift_event_free(&event);
}

extern "C" {

int ift_session_create_options_init(ift_session_create_options *options, unsigned int version) {
    static ift_session_create_options const defaults = IFT_SESSION_CREATE_OPTIONS_INIT;
    return ift::init_options(options, version, defaults);
}

int ift_session_create(ift_session **out, ift_session_create_options const *options, ift_error *error) {
    return ift::guarded(error, "create session", [&]() -> int {
        if (!out || !options) return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "create session: missing argument");
        *out = nullptr;
        int const version = ift::check_version(error, "create session", "ift_session_create_options", options->version,
                                               IFT_SESSION_CREATE_OPTIONS_VERSION);
        if (version != IFT_OK) return version;
        if (!options->listen_interfaces || !*options->listen_interfaces)
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "create session: no listen interface given");

        auto state = std::make_unique<ift_session>(); // from here on, its destructor releases what was made
        state->event_fd.reset(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
        if (state->event_fd.get() < 0) {
            int const code = errno;
            return ift::fail(error, IFT_ERR_INTERNAL, std::string("create session: eventfd: ") + std::strerror(code),
                             code);
        }

        lt::session_params params(ift::make_pack(*options));
        params.disk_io_constructor = lt::mmap_disk_io_constructor;
        state->session = std::make_unique<lt::session>(std::move(params));
        ift::apply_local_limits(*state->session, options->upload_rate_limit, options->download_rate_limit);

        int const fd = state->event_fd.get();
        // Runs on a libtorrent thread with its alert lock held: only signal.
        state->session->set_alert_notify([fd] {
            std::uint64_t one = 1;
            ssize_t ignored = write(fd, &one, sizeof one);
            (void)ignored;
        });

        // Listening happens on the network thread during start-up, usually before this round-trip
        // returns; on a loaded machine it can come later (seen in CI): wait for it, at most 2 s,
        // unless a listen failure is reported first. Drained events stay pending for the caller.
        std::string detail;
        for (int waited_ms = 0; state->session->listen_port() == 0 && waited_ms < 2000; waited_ms += 10) {
            {
                std::lock_guard<std::mutex> lock(state->mutex);
                ift::drain_alerts_locked(state.get());
                detail = ift::listen_failures_locked(state.get());
            }
            if (!detail.empty()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (state->session->listen_port() == 0) {
            ift_session_destroy(state.release(), 5000, nullptr);
            return ift::fail(error, IFT_ERR_LISTEN,
                             std::string("cannot listen on ") + options->listen_interfaces +
                                 (detail.empty() ? std::string() : " (" + detail + ")"));
        }
        *out = state.release();
        return IFT_OK;
    });
}

int ift_session_destroy(ift_session *session, int deadline_ms, ift_error *error) {
    return ift::guarded(error, "destroy session", [&]() -> int {
        if (!session) return IFT_OK;
        std::unique_ptr<ift_session> owned(session); // released however this ends
        int status = IFT_OK;
        if (owned->session) {
            // After this returns the old callback can no longer run (it is swapped under the alert lock),
            // so the eventfd may be closed with `owned` whatever happens to the network thread.
            owned->session->set_alert_notify([] {});
            auto proxy = std::make_shared<lt::session_proxy>(owned->session->abort());
            owned->session.reset(); // does not block: the proxy keeps the network thread
            auto shutdown = std::make_shared<ift::Shutdown>();
            std::thread([proxy, shutdown]() mutable {
                proxy.reset(); // joins the network thread
                std::lock_guard<std::mutex> lock(shutdown->mutex);
                shutdown->done = true;
                shutdown->done_changed.notify_all();
            }).detach();
            std::unique_lock<std::mutex> lock(shutdown->mutex);
            bool const finished = shutdown->done_changed.wait_for(
                lock, std::chrono::milliseconds(std::max(0, deadline_ms)), [&] { return shutdown->done; });
            if (!finished)
                status = ift::fail(error, IFT_ERR_TIMEOUT,
                                   "destroy session: libtorrent still shutting down after " +
                                       std::to_string(deadline_ms) + " ms (finishing in the background)");
        }
        return status;
    });
}

int ift_session_listen_port(uint16_t *out_port, ift_session *session, ift_error *error) {
    return ift::guarded(error, "listen port", [&]() -> int {
        if (!out_port || !session) return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "listen port: missing argument");
        *out_port = session->session->listen_port();
        return IFT_OK;
    });
}

int ift_session_set_rate_limits(ift_session *session, int upload, int download, ift_error *error) {
    return ift::guarded(error, "set rate limits", [&]() -> int {
        if (!session || upload < 0 || download < 0)
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "set rate limits: bad argument");
        lt::settings_pack pack;
        pack.set_int(lt::settings_pack::upload_rate_limit, upload);
        pack.set_int(lt::settings_pack::download_rate_limit, download);
        session->session->apply_settings(std::move(pack));
        ift::apply_local_limits(*session->session, upload, download);
        return IFT_OK;
    });
}

void ift_buffer_free(ift_buffer *buffer) {
    if (!buffer) return;
    std::free(buffer->data);
    buffer->data = nullptr;
    buffer->size = 0;
}

} // extern "C"
