import CTorrentShim
import Testing

/// The C header's own contract, called directly as a C caller would: versioned options structs, the
/// argument checks, and the look-up every per-torrent function shares. Each misuse is answered with a
/// code and a message naming the call, never a crash.
@Suite(.timeLimit(.minutes(1)))
struct ShimContractTests {
    /// What a failing (or succeeding) shim call reported.
    struct Outcome {
        let status: Int32
        let code: Int32
        let message: String
    }

    static func call(_ body: (UnsafeMutablePointer<ift_error>) -> Int32) -> Outcome {
        var error = ift_error()
        let status = body(&error)
        let message = withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return Outcome(status: status, code: error.code, message: message)
    }

    static func code(_ code: ift_error_code) -> Int32 { Int32(code.rawValue) }

    /// A session listening on 127.0.0.1 at a port the kernel chose, for `body`; destroyed after.
    static func withSession(_ body: (OpaquePointer) throws -> Void) throws {
        var options = ift_session_create_options()
        try #require(ift_session_create_options_init(&options, UInt32(IFT_SESSION_CREATE_OPTIONS_VERSION)) == 0)
        var session: OpaquePointer?
        let created = "127.0.0.1:0".withCString { listen in
            options.listen_interfaces = listen
            return call { ift_session_create(&session, &options, $0) }
        }
        try #require(created.status == 0, "\(created.message)")
        let running = try #require(session)
        defer { _ = ift_session_destroy(running, 5000, nil) }
        try body(running)
    }

    @Test func optionsInitGivesTheDocumentedDefaults() throws {
        var session = ift_session_create_options()
        #expect(ift_session_create_options_init(&session, UInt32(IFT_SESSION_CREATE_OPTIONS_VERSION)) == 0)
        #expect(session.version == UInt32(IFT_SESSION_CREATE_OPTIONS_VERSION))
        #expect(String(cString: try #require(session.listen_interfaces)) == "0.0.0.0:6881")
        #expect(
            [session.enable_utp, session.enable_dht, session.enable_lsd, session.enable_upnp, session.enable_natpmp]
                == [0, 0, 0, 0, 0])
        #expect(session.allow_multiple_connections_per_ip == 1)
        #expect(session.hashing_threads == 2)
        #expect(session.aio_threads == 10)
        #expect(session.upload_rate_limit == 0 && session.download_rate_limit == 0)
        #expect(session.connections_limit == 200)

        var add = ift_session_add_options()
        #expect(ift_session_add_options_init(&add, UInt32(IFT_SESSION_ADD_OPTIONS_VERSION)) == 0)
        #expect(add.version == UInt32(IFT_SESSION_ADD_OPTIONS_VERSION))
        #expect(add.save_path == nil && add.peers == nil && add.peer_count == 0 && add.resume_data == nil)
        #expect(
            [add.paused, add.seed_mode, add.pieces_verified, add.drop_trackers, add.upload_limit, add.download_limit]
                == [0, 0, 0, 0, 0, 0])

        var create = ift_torrent_file_create_options()
        #expect(ift_torrent_file_create_options_init(&create, UInt32(IFT_TORRENT_FILE_CREATE_OPTIONS_VERSION)) == 0)
        #expect(create.version == UInt32(IFT_TORRENT_FILE_CREATE_OPTIONS_VERSION))
        #expect(create.piece_size == 0, "required: no automatic piece size")
        #expect(create.mode == Int32(IFT_MODE_HYBRID.rawValue))
        #expect(create.hashing_threads == 2)
        #expect(create.trackers == nil && create.tracker_count == 0)
    }

    @Test func optionsInitRefusesNullAndOtherVersions() {
        let invalid = Self.code(IFT_ERR_INVALID_ARGUMENT)
        for version in [0, UInt32(IFT_SESSION_CREATE_OPTIONS_VERSION) + 1] {
            var session = ift_session_create_options()
            #expect(ift_session_create_options_init(&session, UInt32(version)) == invalid)
            #expect(session.version == 0, "left untouched")
            var add = ift_session_add_options()
            #expect(ift_session_add_options_init(&add, UInt32(version)) == invalid)
            var create = ift_torrent_file_create_options()
            #expect(ift_torrent_file_create_options_init(&create, UInt32(version)) == invalid)
        }
        #expect(ift_session_create_options_init(nil, UInt32(IFT_SESSION_CREATE_OPTIONS_VERSION)) == invalid)
        #expect(ift_session_add_options_init(nil, UInt32(IFT_SESSION_ADD_OPTIONS_VERSION)) == invalid)
        #expect(ift_torrent_file_create_options_init(nil, UInt32(IFT_TORRENT_FILE_CREATE_OPTIONS_VERSION)) == invalid)
    }

    /// A zero-initialised struct (version 0) is what a caller gets by skipping the init: refused.
    @Test func functionsRefuseOptionsOfAnotherVersion() throws {
        var sessionOptions = ift_session_create_options()
        var session: OpaquePointer?
        let created = "127.0.0.1:0".withCString { listen in
            sessionOptions.listen_interfaces = listen
            return Self.call { ift_session_create(&session, &sessionOptions, $0) }
        }
        #expect(created.code == Self.code(IFT_ERR_INVALID_ARGUMENT))
        #expect(created.message.hasPrefix("create session: ift_session_create_options version 0"), "\(created.message)")
        #expect(created.message.contains("ift_session_create_options_init"))
        #expect(session == nil)

        var createOptions = ift_torrent_file_create_options()
        createOptions.piece_size = 1 << 16
        var buffer = ift_buffer()
        var hashes = ift_info_hashes()
        let made = Self.call {
            ift_torrent_file_create(&buffer, &hashes, "/no/such/file", &createOptions, nil, nil, $0)
        }
        #expect(made.code == Self.code(IFT_ERR_INVALID_ARGUMENT), "checked before the file: \(made.message)")
        #expect(made.message.contains("ift_torrent_file_create_options version 0"))

        try Self.withSession { session in
            var addOptions = ift_session_add_options()
            var id: ift_torrent_id = 0
            let added = "/tmp".withCString { savePath in
                addOptions.save_path = savePath
                return Self.call {
                    ift_session_add_magnet(
                        &id, session, "magnet:?xt=urn:btih:\(String(repeating: "ab", count: 20))",
                        &addOptions, $0)
                }
            }
            #expect(added.code == Self.code(IFT_ERR_INVALID_ARGUMENT))
            #expect(added.message.contains("ift_session_add_options version 0"), "\(added.message)")
        }
    }

    /// Every function acting on one torrent goes through the same look-up: an id the session never
    /// handed out is IFT_ERR_UNKNOWN_TORRENT, a missing session IFT_ERR_INVALID_ARGUMENT.
    @Test func perTorrentFunctionsAnswerAnUnknownIDWithACode() throws {
        let id: ift_torrent_id = 424_242
        var buffer = ift_buffer()
        var map = ift_piece_map()
        var status = ift_torrent_status()
        let piece: [UInt8] = [1]
        let calls: [(String, (OpaquePointer?, UnsafeMutablePointer<ift_error>) -> Int32)] = [
            ("remove", { ift_session_remove($0, id, 0, $1) }),
            ("pause", { ift_torrent_pause($0, id, $1) }),
            ("resume", { ift_torrent_resume($0, id, $1) }),
            ("set rate limits", { ift_torrent_set_rate_limits($0, id, 0, 0, $1) }),
            ("connect peer", { ift_torrent_connect_peer($0, id, "127.0.0.1", 6881, $1) }),
            ("flush cache", { ift_torrent_flush_cache($0, id, $1) }),
            ("save resume data", { ift_torrent_save_resume_data($0, id, $1) }),
            (
                "add piece",
                { session, error in
                    piece.withUnsafeBufferPointer {
                        ift_torrent_add_piece(session, id, 0, $0.baseAddress, $0.count, error)
                    }
                }
            ),
            ("get torrent file", { ift_torrent_get_torrent_file(&buffer, $0, id, $1) }),
            ("get piece map", { ift_torrent_get_piece_map(&map, $0, id, $1) }),
            ("get status", { ift_torrent_get_status(&status, $0, id, $1) }),
        ]
        try Self.withSession { session in
            for (name, function) in calls {
                let unknown = Self.call { function(session, $0) }
                #expect(unknown.code == Self.code(IFT_ERR_UNKNOWN_TORRENT), "\(name): \(unknown.message)")
                #expect(unknown.message.contains("no torrent with id 424242"), "\(name): \(unknown.message)")
                let noSession = Self.call { function(nil, $0) }
                #expect(noSession.code == Self.code(IFT_ERR_INVALID_ARGUMENT), "\(name): \(noSession.message)")
            }
            // Argument checks come before the look-up.
            let negative = Self.call { ift_torrent_set_rate_limits(session, id, -1, 0, $0) }
            #expect(negative.code == Self.code(IFT_ERR_INVALID_ARGUMENT))
            #expect(negative.message == "set torrent rate limits: negative limit")
            let noHost = Self.call { ift_torrent_connect_peer(session, id, nil, 6881, $0) }
            #expect(noHost.code == Self.code(IFT_ERR_INVALID_ARGUMENT))
            let noOut = Self.call { ift_torrent_get_status(nil, session, id, $0) }
            #expect(noOut.message == "torrent status: missing argument")
        }
        #expect(buffer.data == nil && map.have == nil, "nothing handed out on failure")
    }

    @Test func missingArgumentsAreErrorsNamingTheCall() {
        let expectations: [(String, (UnsafeMutablePointer<ift_error>) -> Int32)] = [
            ("create session: missing argument", { ift_session_create(nil, nil, $0) }),
            ("listen port: missing argument", { ift_session_listen_port(nil, nil, $0) }),
            ("set rate limits: bad argument", { ift_session_set_rate_limits(nil, 0, 0, $0) }),
            ("event fd: missing argument", { ift_session_event_fd(nil, nil, $0) }),
            ("next event: missing argument", { ift_session_next_event(nil, nil, nil, $0) }),
            ("add torrent: missing argument", { ift_session_add_magnet(nil, nil, nil, nil, $0) }),
            ("add torrent: missing argument", { ift_session_add_torrent_file(nil, nil, nil, 0, nil, $0) }),
            ("add torrent: missing argument", { ift_session_add_info_hashes(nil, nil, nil, nil, $0) }),
            ("create torrent: missing argument", { ift_torrent_file_create(nil, nil, nil, nil, nil, nil, $0) }),
            ("inspect .torrent: missing argument", { ift_torrent_file_inspect(nil, nil, nil, 0, nil, 0, $0) }),
            ("inspect magnet: missing argument", { ift_magnet_inspect(nil, nil, 0, nil, $0) }),
        ]
        for (message, function) in expectations {
            let outcome = Self.call(function)
            #expect(outcome.status == Self.code(IFT_ERR_INVALID_ARGUMENT), "\(message)")
            #expect(outcome.code == outcome.status)
            #expect(outcome.message == message)
        }
        #expect(ift_session_destroy(nil, 0, nil) == 0, "destroying nothing is fine")
        ift_buffer_free(nil)
        ift_piece_map_free(nil)
        ift_event_free(nil)
    }
}
