// Events: libtorrent alerts copied into C structs, handed out one at a time.
#include "shim_internal.hpp"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/write_resume_data.hpp>

#include <cstdlib>

namespace ift {
namespace {

ift_torrent_id id_for_locked(ift_session *session, lt::torrent_handle const &handle) {
    auto found = session->ids.find(handle);
    return found == session->ids.end() ? 0 : found->second;
}

void set_endpoint(ift_event &event, lt::tcp::endpoint const &endpoint) {
    copy_string(event.address, sizeof event.address, endpoint.address().to_string());
    event.port = endpoint.port();
}

void set_error(ift_event &event, lt::error_code const &ec, std::string const &context) {
    event.error_code = ec.value();
    std::string text = ec.message();
    if (!context.empty()) text = context + ": " + text;
    copy_string(event.message, sizeof event.message, text);
}

/// The event for `alert`, or false when the alert is not one the caller hears about.
bool convert_locked(ift_session *session, lt::alert *alert, ift_event &event) {
    event = ift_event{};
    if (auto *a = dynamic_cast<lt::torrent_alert *>(alert)) { // a base class: alert_cast cannot match it
        event.torrent = id_for_locked(session, a->handle);
    }
    if (auto *a = lt::alert_cast<lt::add_torrent_alert>(alert)) {
        if (a->error) return false; // adds are synchronous: the caller already got the error
        event.type = IFT_EVENT_TORRENT_ADDED;
        event.info_hashes = to_c(a->params.ti ? a->params.ti->info_hashes() : a->params.info_hashes);
    } else if (lt::alert_cast<lt::metadata_received_alert>(alert)) {
        event.type = IFT_EVENT_METADATA_RECEIVED;
    } else if (lt::alert_cast<lt::torrent_finished_alert>(alert)) {
        event.type = IFT_EVENT_TORRENT_FINISHED;
    } else if (lt::alert_cast<lt::torrent_checked_alert>(alert)) {
        event.type = IFT_EVENT_TORRENT_CHECKED;
    } else if (auto *a = lt::alert_cast<lt::hash_failed_alert>(alert)) {
        event.type = IFT_EVENT_HASH_FAILED;
        event.piece = static_cast<int>(a->piece_index);
    } else if (auto *a = lt::alert_cast<lt::peer_connect_alert>(alert)) {
        event.type = IFT_EVENT_PEER_CONNECTED;
        set_endpoint(event, a->endpoint);
    } else if (auto *a = lt::alert_cast<lt::peer_disconnected_alert>(alert)) {
        event.type = IFT_EVENT_PEER_DISCONNECTED;
        set_endpoint(event, a->endpoint);
        set_error(event, a->error, lt::operation_name(a->op));
    } else if (auto *a = lt::alert_cast<lt::file_error_alert>(alert)) {
        event.type = IFT_EVENT_FILE_ERROR;
        set_error(event, a->error, std::string(lt::operation_name(a->op)) + " " + a->filename());
    } else if (auto *a = lt::alert_cast<lt::torrent_error_alert>(alert)) {
        event.type = IFT_EVENT_TORRENT_ERROR;
        set_error(event, a->error, a->filename());
    } else if (auto *a = lt::alert_cast<lt::listen_succeeded_alert>(alert)) {
        if (a->socket_type != lt::socket_type_t::tcp) return false;
        event.type = IFT_EVENT_LISTEN_SUCCEEDED;
        copy_string(event.address, sizeof event.address, a->address.to_string());
        event.port = static_cast<uint16_t>(a->port);
    } else if (auto *a = lt::alert_cast<lt::listen_failed_alert>(alert)) {
        if (a->socket_type != lt::socket_type_t::tcp) return false;
        event.type = IFT_EVENT_LISTEN_FAILED;
        copy_string(event.address, sizeof event.address, a->address.to_string());
        event.port = static_cast<uint16_t>(a->port);
        set_error(event, a->error, lt::operation_name(a->op));
    } else if (auto *a = lt::alert_cast<lt::save_resume_data_alert>(alert)) {
        event.type = IFT_EVENT_RESUME_DATA_SAVED;
        event.info_hashes = to_c(a->params.ti ? a->params.ti->info_hashes() : a->params.info_hashes);
        std::vector<char> bytes = lt::write_resume_data_buf(a->params);
        event.data = static_cast<uint8_t *>(std::malloc(bytes.empty() ? 1 : bytes.size()));
        if (!event.data) throw std::bad_alloc();
        std::memcpy(event.data, bytes.data(), bytes.size());
        event.data_size = bytes.size();
    } else if (auto *a = lt::alert_cast<lt::save_resume_data_failed_alert>(alert)) {
        event.type = IFT_EVENT_RESUME_DATA_FAILED;
        set_error(event, a->error, "save resume data");
    } else if (auto *a = lt::alert_cast<lt::torrent_removed_alert>(alert)) {
        event.type = IFT_EVENT_TORRENT_REMOVED;
        event.info_hashes = to_c(a->info_hashes);
        if (event.torrent == 0) {
            // The alert's handle may no longer compare equal to ours: find the torrent by hash.
            for (auto const &entry : session->hashes) {
                if (same_torrent(entry.second, a->info_hashes)) {
                    event.torrent = entry.first;
                    break;
                }
            }
        }
        if (event.torrent != 0) {
            auto found = session->handles.find(event.torrent);
            if (found != session->handles.end()) session->ids.erase(found->second);
            session->handles.erase(event.torrent);
            session->hashes.erase(event.torrent);
            session->start_when_checked.erase(event.torrent);
        }
    } else if (lt::alert_cast<lt::cache_flushed_alert>(alert)) {
        event.type = IFT_EVENT_CACHE_FLUSHED;
    } else if (auto *a = lt::alert_cast<lt::alerts_dropped_alert>(alert)) {
        event.type = IFT_EVENT_EVENTS_DROPPED;
        copy_string(event.message, sizeof event.message,
                    std::to_string(a->dropped_alerts.count()) + " kinds of events were dropped");
    } else {
        return false;
    }
    return true;
}

/// Resumes a torrent the shim added paused (`start_when_checked`) once its files are checked, or
/// when it needs a full check, which does not run while paused.
void start_if_checked_locked(ift_session *session, lt::alert *alert) {
    if (session->start_when_checked.empty()) return;
    auto *a = dynamic_cast<lt::torrent_alert *>(alert);
    if (!a) return;
    auto *changed = lt::alert_cast<lt::state_changed_alert>(alert);
    bool const checked = lt::alert_cast<lt::torrent_checked_alert>(alert) != nullptr;
    if (!checked && !(changed && changed->state == lt::torrent_status::checking_files)) return;
    ift_torrent_id const id = id_for_locked(session, a->handle);
    if (session->start_when_checked.count(id) == 0) return;
    a->handle.resume(); // before forgetting it: a status read meanwhile still hides the pause
    session->start_when_checked.erase(id);
}

} // namespace

void drain_alerts_locked(ift_session *session) {
    session->alerts.clear();
    session->session->pop_alerts(&session->alerts);
    for (lt::alert *alert : session->alerts) {
        start_if_checked_locked(session, alert);
        ift_event event;
        if (convert_locked(session, alert, event)) session->pending.push_back(event);
    }
    session->alerts.clear(); // the alerts are only valid until the next pop_alerts
}

} // namespace ift

extern "C" {

int ift_session_event_fd(int *out_fd, ift_session *session, ift_error *error) {
    return ift::guarded(error, "event fd", [&]() -> int {
        if (!out_fd || !session) return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "event fd: missing argument");
        *out_fd = session->event_fd.get();
        return IFT_OK;
    });
}

int ift_session_next_event(ift_event *out, int *out_has_event, ift_session *session, ift_error *error) {
    return ift::guarded(error, "next event", [&]() -> int {
        if (!out || !out_has_event || !session)
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "next event: missing argument");
        *out_has_event = 0;
        std::lock_guard<std::mutex> lock(session->mutex);
        if (session->pending.empty()) ift::drain_alerts_locked(session);
        if (session->pending.empty()) return IFT_OK;
        *out = session->pending.front(); // ownership of `data` moves to the caller
        session->pending.pop_front();
        *out_has_event = 1;
        return IFT_OK;
    });
}

void ift_event_free(ift_event *event) {
    if (!event) return;
    std::free(event->data);
    event->data = nullptr;
    event->data_size = 0;
}

} // extern "C"
