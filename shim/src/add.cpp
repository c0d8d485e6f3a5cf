// Adding torrents: from a magnet URI, .torrent bytes or an info-hash, with optional resume data
// (whose info-hash is checked here: libtorrent 2.0.8 does not); reading magnets and .torrent bytes
// without adding them.
#include "shim_internal.hpp"

#include <libtorrent/error_code.hpp>
#include <libtorrent/load_torrent.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/read_resume_data.hpp>
#include <libtorrent/torrent_info.hpp>
#include <libtorrent/torrent_status.hpp>
#include <libtorrent/write_resume_data.hpp>

#include <cstdlib>
#include <sstream>

#include <netdb.h>
#include <sys/socket.h>

namespace ift {

/// Splits `host:port` / `[v6]:port` and resolves the host (names allowed) into endpoints.
int resolve_peer(std::vector<lt::tcp::endpoint> &out, std::string const &text, ift_error *error) {
    std::string host;
    std::string port;
    if (!text.empty() && text[0] == '[') {
        auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return fail(error, IFT_ERR_INVALID_ARGUMENT, "peer '" + text + "' is not [address]:port");
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string::npos || colon == 0)
            return fail(error, IFT_ERR_INVALID_ARGUMENT, "peer '" + text + "' is not host:port");
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    char *end = nullptr;
    long const number = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || number < 1 || number > 65535)
        return fail(error, IFT_ERR_INVALID_ARGUMENT, "peer '" + text + "' has no valid port");
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo *results = nullptr;
    int const status = getaddrinfo(host.c_str(), port.c_str(), &hints, &results);
    if (status != 0)
        return fail(error, IFT_ERR_INVALID_ARGUMENT, "peer '" + text + "': " + gai_strerror(status), status);
    for (addrinfo *r = results; r; r = r->ai_next) {
        lt::tcp::endpoint endpoint;
        if (r->ai_addrlen > endpoint.capacity()) continue;
        std::memcpy(endpoint.data(), r->ai_addr, r->ai_addrlen);
        endpoint.resize(r->ai_addrlen);
        out.push_back(endpoint);
    }
    freeaddrinfo(results);
    return IFT_OK;
}

namespace {

lt::info_hash_t hashes_of(lt::add_torrent_params const &atp) {
    return atp.ti ? atp.ti->info_hashes() : atp.info_hashes;
}

std::string hex(lt::info_hash_t const &hashes) {
    std::ostringstream out;
    if (hashes.has_v1()) out << hashes.v1;
    else out << hashes.v2;
    return out.str();
}

int add(ift_torrent_id *out_id, ift_session *session, lt::add_torrent_params atp,
        ift_session_add_options const *options, ift_error *error) {
    std::vector<lt::tcp::endpoint> peers;
    for (size_t i = 0; i < options->peer_count; ++i) {
        if (!options->peers || !options->peers[i])
            return fail(error, IFT_ERR_INVALID_ARGUMENT, "add torrent: peer list has a NULL entry");
        int const status = resolve_peer(peers, options->peers[i], error);
        if (status != IFT_OK) return status;
    }

    if (options->resume_data && options->resume_data_size > 0) {
        lt::error_code ec;
        lt::add_torrent_params resumed = lt::read_resume_data({reinterpret_cast<char const *>(options->resume_data),
                                                               static_cast<std::ptrdiff_t>(options->resume_data_size)},
                                                              ec);
        if (ec) return fail(error, IFT_ERR_BAD_RESUME, "resume data: " + ec.message(), ec.value());
        // libtorrent 2.0.8 accepts resume data of another torrent (fixed in 2.0.10): check here.
        if (!same_torrent(hashes_of(resumed), hashes_of(atp)))
            return fail(error, IFT_ERR_RESUME_MISMATCH,
                        "resume data is for torrent " + hex(hashes_of(resumed)) + ", not " + hex(hashes_of(atp)));
        if (!resumed.ti) resumed.ti = atp.ti;
        if (resumed.name.empty()) resumed.name = atp.name;
        for (auto const &tracker : atp.trackers) resumed.trackers.push_back(tracker);
        for (auto const &seed : atp.url_seeds) resumed.url_seeds.push_back(seed);
        for (auto const &peer : atp.peers) resumed.peers.push_back(peer);
        atp = std::move(resumed);
    }

    atp.save_path = options->save_path;
    for (auto const &peer : peers) atp.peers.push_back(peer);
    if (options->drop_trackers) {
        atp.trackers.clear();
        atp.tracker_tiers.clear();
    }
    atp.flags &= ~(lt::torrent_flags::auto_managed | lt::torrent_flags::paused | lt::torrent_flags::seed_mode |
                   lt::torrent_flags::upload_mode | lt::torrent_flags::stop_when_ready);
    atp.flags |= lt::torrent_flags::duplicate_is_error; // else the existing handle comes back silently
    // libtorrent dials the peers it is given only from its once-a-second connection loop, except
    // when a torrent is resumed: then it dials them at once ("connect boost"). So a torrent with
    // metadata starts paused and is resumed when its files are checked (events.cpp): in a fleet
    // started together, every node reaches its peers up to a second sooner. A magnet stays
    // running: paused, it would never fetch its metadata.
    bool const start_when_checked = !options->paused && atp.ti;
    if (options->paused || start_when_checked) atp.flags |= lt::torrent_flags::paused;
    if (options->seed_mode) atp.flags |= lt::torrent_flags::seed_mode;
    if (options->pieces_verified) {
        if (!atp.ti) return fail(error, IFT_ERR_INVALID_ARGUMENT, "add torrent: pieces_verified needs the metadata");
        atp.have_pieces.resize(atp.ti->num_pieces());
        atp.have_pieces.set_all();
        atp.flags &= ~lt::torrent_flags::seed_mode;
    }
    atp.upload_limit = options->upload_limit > 0 ? options->upload_limit : -1;
    atp.download_limit = options->download_limit > 0 ? options->download_limit : -1;

    std::lock_guard<std::mutex> lock(session->mutex); // the added alert must find the id
    lt::error_code ec;
    lt::torrent_handle handle = session->session->add_torrent(std::move(atp), ec);
    if (ec == lt::errors::duplicate_torrent)
        return fail(error, IFT_ERR_DUPLICATE_TORRENT, "add torrent: already in the session", ec.value());
    if (ec) return fail(error, IFT_ERR_BAD_TORRENT, "add torrent: " + ec.message(), ec.value());
    ift_torrent_id const id = session->next_id++;
    session->ids[handle] = id;
    session->handles[id] = handle;
    session->hashes[id] = handle.info_hashes();
    if (start_when_checked) session->start_when_checked.insert(id);
    *out_id = id;
    return IFT_OK;
}

int check_add(ift_torrent_id *out_id, ift_session *session, ift_session_add_options const *options, ift_error *error) {
    if (!out_id || !session || !options) return fail(error, IFT_ERR_INVALID_ARGUMENT, "add torrent: missing argument");
    int const version = check_version(error, "add torrent", "ift_session_add_options", options->version,
                                      IFT_SESSION_ADD_OPTIONS_VERSION);
    if (version != IFT_OK) return version;
    if (!options->save_path || !*options->save_path)
        return fail(error, IFT_ERR_INVALID_ARGUMENT, "add torrent: no save path given");
    *out_id = 0;
    return IFT_OK;
}

int parse_magnet(lt::add_torrent_params &atp, char const *uri, ift_error *error) {
    if (!uri || !*uri) return fail(error, IFT_ERR_BAD_MAGNET, "magnet: empty URI");
    lt::error_code ec;
    lt::parse_magnet_uri(uri, atp, ec);
    if (ec) return fail(error, IFT_ERR_BAD_MAGNET, std::string("magnet '") + uri + "': " + ec.message(), ec.value());
    if (!atp.info_hashes.has_v1() && !atp.info_hashes.has_v2())
        return fail(error, IFT_ERR_BAD_MAGNET,
                    std::string("magnet '") + uri + "': no info-hash (xt=urn:btih or urn:btmh)");
    return IFT_OK;
}

int parse_torrent(lt::add_torrent_params &atp, uint8_t const *data, size_t size, ift_error *error) {
    if (!data || size == 0) return fail(error, IFT_ERR_BAD_TORRENT, ".torrent: no bytes given");
    lt::error_code ec;
    auto info = std::make_shared<lt::torrent_info>(
        lt::span<char const>(reinterpret_cast<char const *>(data), static_cast<std::ptrdiff_t>(size)), ec,
        lt::from_span);
    if (ec) return fail(error, IFT_ERR_BAD_TORRENT, ".torrent: " + ec.message(), ec.value());
    atp.ti = info;
    for (auto const &tracker : info->trackers()) {
        atp.trackers.push_back(tracker.url);
        atp.tracker_tiers.push_back(tracker.tier);
    }
    for (auto const &seed : info->web_seeds()) {
        if (seed.type == lt::web_seed_entry::url_seed) atp.url_seeds.push_back(seed.url);
    }
    return IFT_OK;
}

} // namespace

bool same_torrent(lt::info_hash_t const &a, lt::info_hash_t const &b) {
    bool compared = false;
    if (a.has_v1() && b.has_v1()) {
        if (a.v1 != b.v1) return false;
        compared = true;
    }
    if (a.has_v2() && b.has_v2()) {
        if (a.v2 != b.v2) return false;
        compared = true;
    }
    return compared;
}

} // namespace ift

extern "C" {

int ift_session_add_options_init(ift_session_add_options *options, unsigned int version) {
    static ift_session_add_options const defaults = IFT_SESSION_ADD_OPTIONS_INIT;
    return ift::init_options(options, version, defaults);
}

int ift_session_add_magnet(ift_torrent_id *out_id, ift_session *session, char const *magnet_uri,
                           ift_session_add_options const *options, ift_error *error) {
    return ift::guarded(error, "add magnet", [&]() -> int {
        int const checked = ift::check_add(out_id, session, options, error);
        if (checked != IFT_OK) return checked;
        lt::add_torrent_params atp;
        int const parsed = ift::parse_magnet(atp, magnet_uri, error);
        if (parsed != IFT_OK) return parsed;
        return ift::add(out_id, session, std::move(atp), options, error);
    });
}

int ift_session_add_torrent_file(ift_torrent_id *out_id, ift_session *session, uint8_t const *data, size_t size,
                                 ift_session_add_options const *options, ift_error *error) {
    return ift::guarded(error, "add .torrent", [&]() -> int {
        int const checked = ift::check_add(out_id, session, options, error);
        if (checked != IFT_OK) return checked;
        lt::add_torrent_params atp;
        int const parsed = ift::parse_torrent(atp, data, size, error);
        if (parsed != IFT_OK) return parsed;
        return ift::add(out_id, session, std::move(atp), options, error);
    });
}

int ift_session_add_info_hashes(ift_torrent_id *out_id, ift_session *session, ift_info_hashes const *info_hashes,
                                ift_session_add_options const *options, ift_error *error) {
    return ift::guarded(error, "add info-hash", [&]() -> int {
        int const checked = ift::check_add(out_id, session, options, error);
        if (checked != IFT_OK) return checked;
        if (!info_hashes || (!info_hashes->has_v1 && !info_hashes->has_v2))
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "add info-hash: neither a v1 nor a v2 hash given");
        lt::add_torrent_params atp;
        atp.info_hashes = ift::from_c(*info_hashes);
        return ift::add(out_id, session, std::move(atp), options, error);
    });
}

int ift_torrent_file_inspect(ift_info_hashes *out_info_hashes, int64_t *out_total_size, char *out_name,
                             size_t name_capacity, uint8_t const *data, size_t size, ift_error *error) {
    return ift::guarded(error, "inspect .torrent", [&]() -> int {
        if (!out_info_hashes || !out_total_size || (!out_name && name_capacity > 0))
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "inspect .torrent: missing argument");
        lt::add_torrent_params atp;
        int const parsed = ift::parse_torrent(atp, data, size, error);
        if (parsed != IFT_OK) return parsed;
        *out_info_hashes = ift::to_c(atp.ti->info_hashes());
        *out_total_size = atp.ti->total_size();
        ift::copy_string(out_name, name_capacity, atp.ti->name());
        return IFT_OK;
    });
}

int ift_magnet_inspect(ift_info_hashes *out_info_hashes, char *out_name, size_t name_capacity, char const *magnet_uri,
                       ift_error *error) {
    return ift::guarded(error, "inspect magnet", [&]() -> int {
        if (!out_info_hashes || (!out_name && name_capacity > 0))
            return ift::fail(error, IFT_ERR_INVALID_ARGUMENT, "inspect magnet: missing argument");
        lt::add_torrent_params atp;
        int const parsed = ift::parse_magnet(atp, magnet_uri, error);
        if (parsed != IFT_OK) return parsed;
        *out_info_hashes = ift::to_c(atp.info_hashes);
        ift::copy_string(out_name, name_capacity, atp.name);
        return IFT_OK;
    });
}

} // extern "C"
