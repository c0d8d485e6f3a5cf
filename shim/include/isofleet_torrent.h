/*
 * isofleet_torrent.h: a plain C interface to a BitTorrent session (libtorrent 2.0.8 underneath).
 *
 * Conventions (they hold for every function below, so each one only states its exceptions):
 *
 *   - Every name starts with `ift_`, then the thing it acts on, then the action: `ift_session_create`,
 *     `ift_torrent_pause`, `ift_torrent_file_create`, `ift_magnet_inspect`. No C++ type, exception or
 *     variadic argument crosses this header.
 *   - A session is an opaque `ift_session *` made by `ift_session_create` and released by exactly one
 *     call to `ift_session_destroy`. Torrents inside a session are named by an `ift_torrent_id`, a
 *     number the session hands out and never reuses; an id of a removed torrent is simply unknown.
 *   - Functions return `int`: `IFT_OK` (0) on success, otherwise an `ift_error_code`. Out-parameters
 *     come first; the last parameter is an `ift_error *` that, on failure, receives the code and a
 *     one-line message naming what failed. It may be NULL when the caller does not want details.
 *     Nothing is kept in thread-local "last error" state. No exception escapes either: whatever fails
 *     inside, argument checks and running out of memory included, comes back as a code.
 *   - Settings come in an options struct named after the function (or family) taking it, e.g.
 *     `ift_session_create_options` for `ift_session_create`. Its first field, `version`, must be the
 *     header's `IFT_SESSION_CREATE_OPTIONS_VERSION` (and so on), else the function fails with
 *     IFT_ERR_INVALID_ARGUMENT. Start from the defaults, then set fields: in C
 *     `ift_session_create_options o = IFT_SESSION_CREATE_OPTIONS_INIT;`, or, where macros cannot be
 *     used (Swift), `ift_session_create_options_init(&o, IFT_SESSION_CREATE_OPTIONS_VERSION)`. Each
 *     `_options_init` returns IFT_OK, or IFT_ERR_INVALID_ARGUMENT for NULL or another version, and takes
 *     no `ift_error`. (libgit2's scheme.)
 *   - Strings passed in are NUL-terminated UTF-8 and only borrowed for the duration of the call.
 *     Byte buffers passed in (`data` + `size`) are borrowed for the duration of the call too: the
 *     session copies what it keeps.
 *   - Memory the library hands out is either inside a caller-provided struct (fixed-size arrays:
 *     nothing to free) or pointed to from an `ift_buffer`, `ift_piece_map` or `ift_event`: the caller
 *     owns it and releases it with that struct's `_free` function (`ift_buffer_free`,
 *     `ift_piece_map_free`, `ift_event_free`), which is NULL-safe and zeroes what it released. `_free`
 *     is the only release suffix; `ift_session_destroy` is not one, it shuts down with a deadline.
 *   - All functions on one session may be called from any thread, concurrently, except
 *     `ift_session_destroy`, which must be the last call on that session.
 */
#ifndef ISOFLEET_TORRENT_H
#define ISOFLEET_TORRENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- errors */

/** What went wrong, as returned by every function and stored in `ift_error.code`. */
typedef enum ift_error_code {
    IFT_OK = 0,
    IFT_ERR_INVALID_ARGUMENT = 1,  /**< a NULL pointer, empty string, bad number or bad address */
    IFT_ERR_BAD_MAGNET = 2,        /**< the magnet URI cannot be parsed or names no info-hash */
    IFT_ERR_BAD_TORRENT = 3,       /**< the .torrent bytes are not a valid torrent */
    IFT_ERR_BAD_RESUME = 4,        /**< the resume data cannot be parsed */
    IFT_ERR_RESUME_MISMATCH = 5,   /**< the resume data belongs to another torrent (other info-hash) */
    IFT_ERR_UNKNOWN_TORRENT = 6,   /**< no torrent with that id in the session (removed or never added) */
    IFT_ERR_DUPLICATE_TORRENT = 7, /**< a torrent with the same info-hash is already in the session */
    IFT_ERR_IO = 8,                /**< a file could not be read or written (message names it) */
    IFT_ERR_LISTEN = 9,            /**< the session could not listen on any requested interface */
    IFT_ERR_TIMEOUT = 10,          /**< a deadline passed */
    IFT_ERR_NO_METADATA = 11,      /**< the operation needs the torrent's metadata, not yet received */
    IFT_ERR_CHECKING = 12,         /**< the torrent is still checking its files (wait for IFT_EVENT_TORRENT_CHECKED) */
    IFT_ERR_INTERNAL = 99          /**< anything else thrown by the library */
} ift_error_code;

/** Filled by a failing call: `code` is an `ift_error_code`, `message` a NUL-terminated line. */
typedef struct ift_error {
    int code;
    /** The underlying system or libtorrent error value when there is one, else 0. */
    int system_code;
    char message[512];
} ift_error;

/* ---------------------------------------------------------------- values */

/** An opaque BitTorrent session. Created by `ift_session_create`, released by `ift_session_destroy`. */
typedef struct ift_session ift_session;

/** Names a torrent inside one session; never 0, never reused within that session. */
typedef uint64_t ift_torrent_id;

/** The identity of a torrent: its v1 (SHA-1) and/or v2 (SHA-256) info-hash. */
typedef struct ift_info_hashes {
    int has_v1;
    uint8_t v1[20];
    int has_v2;
    uint8_t v2[32];
} ift_info_hashes;

/** Bytes handed to the caller. The caller owns `data` and releases it with `ift_buffer_free`. */
typedef struct ift_buffer {
    uint8_t *data;
    size_t size;
} ift_buffer;

/** Releases `buffer->data` (NULL-safe) and zeroes the struct. */
void ift_buffer_free(ift_buffer *buffer);

/* ---------------------------------------------------------------- sessions */

/** How `ift_session_create` sets up a session. The defaults (`IFT_SESSION_CREATE_OPTIONS_INIT`) are the fleet's,
 *  described on each field. */
typedef struct ift_session_create_options {
    /** `IFT_SESSION_CREATE_OPTIONS_VERSION`. */
    unsigned int version;
    /** Comma-separated `host:port` to listen on, libtorrent syntax (`0.0.0.0:6881,[::]:6881`);
     *  port 0 picks a free port (read it back with `ift_session_listen_port`). Borrowed. Default
     *  `0.0.0.0:6881`. */
    const char *listen_interfaces;
    /** Enable uTP (in and out). Fleet default 0: on loopback uTP moves ~8 MiB/s, TCP ~300 MiB/s. */
    int enable_utp;
    /** Discovery and port mapping. Fleet default 0 for all four: peers come from the fleet list. */
    int enable_dht;
    int enable_lsd;
    int enable_upnp;
    int enable_natpmp;
    /** Several peers on one IP address (loopback tests, several nodes behind one NAT). Default 1. */
    int allow_multiple_connections_per_ip;
    /** Threads hashing pieces (checks, incoming pieces). Default 2. */
    int hashing_threads;
    /** Disk I/O threads. Default 10 (libtorrent's). */
    int aio_threads;
    /** Session-wide rate limits in bytes per second, 0 = unlimited. They also apply to peers on
     *  the local network (libtorrent exempts those by default). */
    int upload_rate_limit;
    int download_rate_limit;
    /** Maximum peer connections for the session. Default 200. */
    int connections_limit;
} ift_session_create_options;

#define IFT_SESSION_CREATE_OPTIONS_VERSION 1
/* version, listen_interfaces, enable_utp, enable_dht, enable_lsd, enable_upnp, enable_natpmp,
 * allow_multiple_connections_per_ip, hashing_threads, aio_threads, upload_rate_limit, download_rate_limit,
 * connections_limit */
#define IFT_SESSION_CREATE_OPTIONS_INIT                                                                                \
    { IFT_SESSION_CREATE_OPTIONS_VERSION, "0.0.0.0:6881", 0, 0, 0, 0, 0, 1, 2, 10, 0, 0, 200 }

/** Fills `*options` with `IFT_SESSION_CREATE_OPTIONS_INIT`.
 *  Ownership: `listen_interfaces` then points to a static string; nothing to free. */
int ift_session_create_options_init(ift_session_create_options *options, unsigned int version);

/**
 * Creates a session and starts listening.
 *
 * Always: disk I/O through pread/pwrite (no memory mapping, no process-wide SIGBUS handler), no
 * silent fallback to another port when the requested one is busy, seeding limits off.
 * Fails with IFT_ERR_LISTEN when no requested interface can be bound (the message names them).
 *
 * Ownership: `*out` is owned by the caller and must be released with `ift_session_destroy`.
 */
int ift_session_create(ift_session **out, const ift_session_create_options *options, ift_error *error);

/**
 * Stops the session and releases it: tells the library to abort, keeps its shutdown handle, and
 * waits up to `deadline_ms` for the network thread to finish. On IFT_ERR_TIMEOUT the remaining
 * shutdown goes on in the background and its memory is released when it ends.
 *
 * Ownership: consumes `session` in every case (even on error); it must not be used again.
 * The event descriptor returned by `ift_session_event_fd` is closed.
 */
int ift_session_destroy(ift_session *session, int deadline_ms, ift_error *error);

/** The TCP port the session listens on (the one chosen when 0 was asked); 0 if not listening.
 *  Ownership: borrows `session`; nothing to free. */
int ift_session_listen_port(uint16_t *out_port, ift_session *session, ift_error *error);

/** Replaces the session-wide rate limits (bytes per second, 0 = unlimited), local peers included.
 *  Ownership: borrows `session`. */
int ift_session_set_rate_limits(ift_session *session, int upload, int download, ift_error *error);

/* ---------------------------------------------------------------- adding and removing torrents */

/** How `ift_session_add_magnet`, `_torrent_file` and `_info_hashes` add a torrent. Every default
 *  (`IFT_SESSION_ADD_OPTIONS_INIT`) is zero or NULL; `save_path` must be set. */
typedef struct ift_session_add_options {
    /** `IFT_SESSION_ADD_OPTIONS_VERSION`. */
    unsigned int version;
    /** Directory the torrent's file (or folder) is written to / read from. Required. Borrowed. */
    const char *save_path;
    /** Known peers as `host:port` (IPv6 as `[addr]:port`); connected as soon as the torrent starts.
     *  Borrowed array of borrowed strings; may be NULL when `peer_count` is 0. */
    const char *const *peers;
    size_t peer_count;
    /** Resume data from an `IFT_EVENT_RESUME_DATA_SAVED` event; NULL for none. Borrowed.
     *  Its info-hash must match the torrent's, else the call fails with IFT_ERR_RESUME_MISMATCH. */
    const uint8_t *resume_data;
    size_t resume_data_size;
    /** Add in the paused state. */
    int paused;
    /** The files are complete already (a torrent just created from them): skip the initial check,
     *  verify pieces lazily as they are uploaded. */
    int seed_mode;
    /** The caller has just hashed the files against this very torrent (it created the torrent
     *  from them): every piece is marked as had, with neither a check nor lazy verification, so
     *  the first upload does not hash everything again. Needs .torrent bytes (not a magnet). */
    int pieces_verified;
    /** Drop trackers named by the magnet / .torrent (fleet-only transfers). */
    int drop_trackers;
    /** Per-torrent rate limits in bytes per second, 0 = unlimited. */
    int upload_limit;
    int download_limit;
} ift_session_add_options;

#define IFT_SESSION_ADD_OPTIONS_VERSION 1
/* version, then every field zero or NULL */
#define IFT_SESSION_ADD_OPTIONS_INIT                                                                                   \
    { IFT_SESSION_ADD_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, 0, 0 }

/** Fills `*options` with `IFT_SESSION_ADD_OPTIONS_INIT`. */
int ift_session_add_options_init(ift_session_add_options *options, unsigned int version);

/** Adds a torrent from a magnet URI (`xt=urn:btih:` and/or `urn:btmh:`; `dn`, `tr`, `x.pe`, `ws`
 *  honoured). Never auto-managed: no queueing, no seed-ratio limits.
 *  Ownership: borrows `magnet_uri` and `options` (and what they point to) for the call; `*out_id`
 *  is a plain number, valid until the torrent's IFT_EVENT_TORRENT_REMOVED. */
int ift_session_add_magnet(ift_torrent_id *out_id, ift_session *session, const char *magnet_uri,
                           const ift_session_add_options *options, ift_error *error);

/** Adds a torrent from the bytes of a .torrent file.
 *  Ownership: borrows `data` and `options` for the call (the session keeps a copy). */
int ift_session_add_torrent_file(ift_torrent_id *out_id, ift_session *session, const uint8_t *data, size_t size,
                                 const ift_session_add_options *options, ift_error *error);

/** Adds a torrent known only by info-hash; the metadata comes from peers.
 *  Ownership: borrows `info_hashes` and `options` for the call. */
int ift_session_add_info_hashes(ift_torrent_id *out_id, ift_session *session, const ift_info_hashes *info_hashes,
                                const ift_session_add_options *options, ift_error *error);

/** Removes a torrent; with `delete_files` non-zero its downloaded files and part file go too.
 *  Completion is reported by `IFT_EVENT_TORRENT_REMOVED` (file handles may close a little later:
 *  to move finished files, `ift_torrent_flush_cache` first, which writes everything and closes them).
 *  Ownership: borrows `session`. */
int ift_session_remove(ift_session *session, ift_torrent_id torrent, int delete_files, ift_error *error);

/* ---------------------------------------------------------------- controlling torrents */

/** Stops transferring (gracefully: requests in flight finish) without removing the torrent.
 *  Ownership (this and the control functions below): borrow `session` and any string for the call. */
int ift_torrent_pause(ift_session *session, ift_torrent_id torrent, ift_error *error);
/** Undoes `ift_torrent_pause`. */
int ift_torrent_resume(ift_session *session, ift_torrent_id torrent, ift_error *error);

/** Per-torrent rate limits in bytes per second, 0 = unlimited. */
int ift_torrent_set_rate_limits(ift_session *session, ift_torrent_id torrent, int upload, int download,
                                ift_error *error);

/** Adds `host:port` to the torrent's peers and connects when a slot is free (asynchronous). */
int ift_torrent_connect_peer(ift_session *session, ift_torrent_id torrent, const char *host, uint16_t port,
                             ift_error *error);

/** Asks for every pending write of the torrent to reach the file system and its files to be
 *  closed. The answer is an `IFT_EVENT_CACHE_FLUSHED` event. Needed because a piece counts as had
 *  (and a torrent as finished) once its hash passed, possibly before the disk thread wrote it. */
int ift_torrent_flush_cache(ift_session *session, ift_torrent_id torrent, ift_error *error);

/** Asks for resume data (metadata included). The disk-cache flush libtorrent starts alongside is
 *  not awaited by libtorrent 2.0.8: call `ift_torrent_flush_cache` and wait for its event first
 *  when the resume data must not claim pieces still in flight. The answer is an
 *  `IFT_EVENT_RESUME_DATA_SAVED` or `IFT_EVENT_RESUME_DATA_FAILED` event for this torrent. */
int ift_torrent_save_resume_data(ift_session *session, ift_torrent_id torrent, ift_error *error);

/** Feeds one whole piece obtained elsewhere (HTTP origin). `data` (borrowed, copied) must hold
 *  exactly the piece's size; the piece is hash-checked like one from a peer (a bad piece yields
 *  `IFT_EVENT_HASH_FAILED`). Needs the metadata, and a finished file check: libtorrent silently
 *  drops pieces fed while it checks, so that case fails with IFT_ERR_CHECKING. */
int ift_torrent_add_piece(ift_session *session, ift_torrent_id torrent, int piece, const uint8_t *data, size_t size,
                          ift_error *error);

/** Writes the torrent's metadata as a .torrent file into `*out` (caller frees with
 *  `ift_buffer_free`). Needs the metadata (IFT_ERR_NO_METADATA otherwise). */
int ift_torrent_get_torrent_file(ift_buffer *out, ift_session *session, ift_torrent_id torrent, ift_error *error);

/** Per-piece state of a torrent, for deciding which pieces to fetch elsewhere. The caller owns the
 *  two arrays (`num_pieces` entries each) and releases them with `ift_piece_map_free`. */
typedef struct ift_piece_map {
    int num_pieces;
    uint8_t *have;         /**< 1 when the piece is verified (on disk or being written) */
    int32_t *availability; /**< how many connected peers have the piece */
} ift_piece_map;

/** Fills `*out` with the torrent's piece map. Needs the metadata (IFT_ERR_NO_METADATA otherwise). */
int ift_torrent_get_piece_map(ift_piece_map *out, ift_session *session, ift_torrent_id torrent, ift_error *error);

/** Releases the arrays of `map` (NULL-safe) and zeroes the struct. */
void ift_piece_map_free(ift_piece_map *map);

/** Where a torrent is in its life. */
typedef enum ift_torrent_state {
    IFT_STATE_CHECKING_FILES = 1,
    IFT_STATE_DOWNLOADING_METADATA = 2,
    IFT_STATE_DOWNLOADING = 3,
    IFT_STATE_FINISHED = 4, /**< everything wanted is here, not seeding everything */
    IFT_STATE_SEEDING = 5,
    IFT_STATE_CHECKING_RESUME_DATA = 7
} ift_torrent_state;

/** A snapshot of one torrent. Plain values: nothing to free. */
typedef struct ift_torrent_status {
    int state;  /**< an `ift_torrent_state` */
    int paused; /**< paused by the caller (or added paused); not while the shim starts it */
    int has_metadata;
    int is_seeding;
    int progress_ppm;   /**< 0…1000000 of the wanted bytes */
    int64_t total_size; /**< bytes of all files; 0 without metadata */
    int64_t total_wanted;
    int64_t total_done; /**< verified bytes on disk */
    int piece_size;     /**< 0 without metadata */
    int num_pieces;     /**< pieces of the torrent; 0 without metadata */
    int pieces_done;
    /** Bytes moved in this session (since added), all traffic and payload only. */
    int64_t total_download;
    int64_t total_upload;
    int64_t total_payload_download;
    int64_t total_payload_upload;
    /** Payload bytes over all sessions, carried by resume data. */
    int64_t all_time_download;
    int64_t all_time_upload;
    /** Bytes per second. */
    int download_rate;
    int upload_rate;
    int download_payload_rate;
    int upload_payload_rate;
    int num_peers; /**< connected peers, seeds included */
    int num_seeds; /**< connected peers that have everything */
    int num_connections;
    ift_info_hashes info_hashes;
    char name[512]; /**< the torrent's name (file or folder name), truncated to fit */
    int error_code; /**< non-zero when the torrent stopped on an error */
    char error_message[512];
} ift_torrent_status;

/** Takes a snapshot of `torrent` into `*out` (a round-trip to the network thread).
 *  Ownership: `*out` is caller memory filled with plain values; nothing to free. */
int ift_torrent_get_status(ift_torrent_status *out, ift_session *session, ift_torrent_id torrent, ift_error *error);

/* ---------------------------------------------------------------- events */

/** What an `ift_event` reports. */
typedef enum ift_event_type {
    IFT_EVENT_TORRENT_ADDED = 1,
    IFT_EVENT_METADATA_RECEIVED = 2,
    IFT_EVENT_TORRENT_FINISHED = 3,   /**< every wanted piece is downloaded and verified */
    IFT_EVENT_HASH_FAILED = 4,        /**< `piece` failed its hash check */
    IFT_EVENT_PEER_CONNECTED = 5,     /**< `address`:`port` */
    IFT_EVENT_PEER_DISCONNECTED = 6,  /**< `address`:`port`, reason in `message` */
    IFT_EVENT_FILE_ERROR = 7,         /**< reading or writing a file failed; `message` names it */
    IFT_EVENT_LISTEN_SUCCEEDED = 8,   /**< `address`:`port` */
    IFT_EVENT_LISTEN_FAILED = 9,      /**< `address`:`port`, reason in `message` */
    IFT_EVENT_RESUME_DATA_SAVED = 10, /**< `data`/`data_size` hold the resume data */
    IFT_EVENT_RESUME_DATA_FAILED = 11,
    IFT_EVENT_TORRENT_REMOVED = 12, /**< the id is unknown from now on */
    IFT_EVENT_TORRENT_ERROR = 13,   /**< the torrent stopped on an error */
    IFT_EVENT_TORRENT_CHECKED = 14, /**< the initial check of existing files is done */
    IFT_EVENT_EVENTS_DROPPED = 15,  /**< the queue overflowed: some events were lost */
    IFT_EVENT_CACHE_FLUSHED = 16    /**< answer to `ift_torrent_flush_cache`: all writes are done */
} ift_event_type;

/** One thing that happened. Fields that do not apply to `type` are zero / empty. */
typedef struct ift_event {
    int type;               /**< an `ift_event_type` */
    ift_torrent_id torrent; /**< 0 for session-wide events */
    ift_info_hashes info_hashes;
    int piece;        /**< IFT_EVENT_HASH_FAILED */
    char address[64]; /**< peer or listen address, numeric */
    uint16_t port;
    int error_code;    /**< libtorrent / system error value for failures */
    char message[512]; /**< human-readable detail */
    /** IFT_EVENT_RESUME_DATA_SAVED: the resume data. Owned by the event: release it with
     *  `ift_event_free`. NULL otherwise. */
    uint8_t *data;
    size_t data_size;
} ift_event;

/**
 * A file descriptor that becomes readable when events may be waiting. Wait on it with
 * poll/select, read 8 bytes from it to reset it, then call `ift_session_next_event` until it
 * reports no more events. (The library only ever writes to it; it never calls back into the
 * caller.) Owned by the session: do not close it; it is closed by `ift_session_destroy`.
 */
int ift_session_event_fd(int *out_fd, ift_session *session, ift_error *error);

/**
 * Takes the next pending event into `*out` and sets `*out_has_event` to 1, or sets it to 0 when
 * none is left. Events come in the order they happened.
 *
 * Ownership: `out->data` (when not NULL) belongs to the caller; release with `ift_event_free`.
 */
int ift_session_next_event(ift_event *out, int *out_has_event, ift_session *session, ift_error *error);

/** Frees what an event owns (`data`) and clears those fields. NULL-safe. */
void ift_event_free(ift_event *event);

/* ---------------------------------------------------------------- creating torrents */

/** Which info-hashes a created torrent carries. */
typedef enum ift_torrent_mode {
    IFT_MODE_HYBRID = 0, /**< v1 and v2: every client can use it */
    IFT_MODE_V1 = 1,
    IFT_MODE_V2 = 2
} ift_torrent_mode;

/** How `ift_torrent_file_create` builds a .torrent. The info-hash depends only on the file's name and
 *  bytes and on these fields, never on mtime, permissions or the creation date. */
typedef struct ift_torrent_file_create_options {
    /** `IFT_TORRENT_FILE_CREATE_OPTIONS_VERSION`. */
    unsigned int version;
    /** Bytes per piece: a power of two, at least 16 KiB. Required (no automatic choice: the
     *  library's automatic table changed between versions, which would change info-hashes). */
    int piece_size;
    int mode; /**< an `ift_torrent_mode`; default IFT_MODE_HYBRID */
    /** Threads hashing the file. Default 2; 0 means 2 too. */
    int hashing_threads;
    /** Tracker announce URLs to embed (not part of the info-hash). Borrowed; may be NULL. */
    const char *const *trackers;
    size_t tracker_count;
} ift_torrent_file_create_options;

#define IFT_TORRENT_FILE_CREATE_OPTIONS_VERSION 1
/* version, piece_size (required: 0 is refused), mode, hashing_threads, trackers, tracker_count */
#define IFT_TORRENT_FILE_CREATE_OPTIONS_INIT                                                                           \
    { IFT_TORRENT_FILE_CREATE_OPTIONS_VERSION, 0, IFT_MODE_HYBRID, 2, NULL, 0 }

/** Fills `*options` with `IFT_TORRENT_FILE_CREATE_OPTIONS_INIT`. */
int ift_torrent_file_create_options_init(ift_torrent_file_create_options *options, unsigned int version);

/** Called after each hashed piece from inside `ift_torrent_file_create`, on the calling thread. */
typedef void (*ift_progress_fn)(void *context, int pieces_done, int pieces_total);

/**
 * Hashes the single file at `path` and builds a .torrent for it, named after the file's last path
 * component. File attributes (executable, hidden) and the modification time are left out and the
 * creation date is fixed at 0, so the same bytes under the same name give the same .torrent on
 * every machine.
 *
 * Ownership: `*out_torrent` belongs to the caller (`ift_buffer_free`). `progress` may be NULL;
 * `context` is passed to it untouched.
 */
int ift_torrent_file_create(ift_buffer *out_torrent, ift_info_hashes *out_info_hashes, const char *path,
                            const ift_torrent_file_create_options *options, ift_progress_fn progress, void *context,
                            ift_error *error);

/** Reads the info-hashes, name and total size of .torrent bytes without adding them anywhere.
 *  `out_name` receives the name, truncated to `name_capacity` - 1 bytes.
 *  Ownership: borrows `data`; every output is caller memory; nothing to free. */
int ift_torrent_file_inspect(ift_info_hashes *out_info_hashes, int64_t *out_total_size, char *out_name,
                             size_t name_capacity, const uint8_t *data, size_t size, ift_error *error);

/** Reads the info-hashes and display name (`dn`, possibly empty) of a magnet URI.
 *  Ownership: borrows `magnet_uri`; every output is caller memory; nothing to free. */
int ift_magnet_inspect(ift_info_hashes *out_info_hashes, char *out_name, size_t name_capacity, const char *magnet_uri,
                       ift_error *error);

#ifdef __cplusplus
}
#endif

#endif /* ISOFLEET_TORRENT_H */
