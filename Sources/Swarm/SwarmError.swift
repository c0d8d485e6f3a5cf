internal import CTorrentShim

/// A failure of the BitTorrent engine: a code a program can switch on and a one-line message
/// naming what failed (the magnet, the file, the address).
public struct SwarmError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure; extensible, compared by value.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// A bad argument: empty path, malformed peer address, impossible piece size.
        public static let invalidArgument = Self(rawValue: Int(IFT_ERR_INVALID_ARGUMENT.rawValue))
        /// The magnet URI cannot be parsed or names no info-hash.
        public static let badMagnet = Self(rawValue: Int(IFT_ERR_BAD_MAGNET.rawValue))
        /// The .torrent bytes are not a torrent.
        public static let badTorrent = Self(rawValue: Int(IFT_ERR_BAD_TORRENT.rawValue))
        /// Resume data that cannot be parsed.
        public static let badResumeData = Self(rawValue: Int(IFT_ERR_BAD_RESUME.rawValue))
        /// Resume data of another torrent.
        public static let resumeDataMismatch = Self(rawValue: Int(IFT_ERR_RESUME_MISMATCH.rawValue))
        /// The torrent is not (or no longer) in the session.
        public static let unknownTorrent = Self(rawValue: Int(IFT_ERR_UNKNOWN_TORRENT.rawValue))
        /// The torrent is in the session already.
        public static let duplicateTorrent = Self(rawValue: Int(IFT_ERR_DUPLICATE_TORRENT.rawValue))
        /// A file could not be read or written.
        public static let io = Self(rawValue: Int(IFT_ERR_IO.rawValue))
        /// The session cannot listen where asked.
        public static let listen = Self(rawValue: Int(IFT_ERR_LISTEN.rawValue))
        /// A deadline passed.
        public static let timeout = Self(rawValue: Int(IFT_ERR_TIMEOUT.rawValue))
        /// The operation needs metadata the torrent does not have yet.
        public static let noMetadata = Self(rawValue: Int(IFT_ERR_NO_METADATA.rawValue))
        /// The torrent is still checking its files; wait for ``SwarmEvent/checked(_:)``.
        public static let checking = Self(rawValue: Int(IFT_ERR_CHECKING.rawValue))
        /// An unexpected failure inside libtorrent.
        public static let `internal` = Self(rawValue: Int(IFT_ERR_INTERNAL.rawValue))
        /// The session is not running (not started yet, stopping or stopped).
        public static let notRunning = Self(rawValue: 100)
        /// The torrent stopped on an error (disk full, file vanished, …).
        public static let torrentFailed = Self(rawValue: 101)

        public var description: String {
            switch self {
            case .invalidArgument: "invalid-argument"
            case .badMagnet: "bad-magnet"
            case .badTorrent: "bad-torrent"
            case .badResumeData: "bad-resume-data"
            case .resumeDataMismatch: "resume-data-mismatch"
            case .unknownTorrent: "unknown-torrent"
            case .duplicateTorrent: "duplicate-torrent"
            case .io: "io"
            case .listen: "listen"
            case .timeout: "timeout"
            case .noMetadata: "no-metadata"
            case .checking: "checking"
            case .internal: "internal"
            case .notRunning: "not-running"
            case .torrentFailed: "torrent-failed"
            default: "error-\(rawValue)"
            }
        }
    }

    /// What kind of failure.
    public let code: Code
    /// One line naming what failed and why.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The error a shim call reported.
    init(_ error: ift_error) {
        self.init(Code(rawValue: Int(error.code)), CInterop.string(error.message))
    }

    public var description: String { message }

    /// Runs `body` (whose closures-in-closures lose the error type) and throws its SwarmError.
    static func rethrowing<T>(_ body: () throws -> T) throws(SwarmError) -> T {
        do {
            return try body()
        } catch let error as SwarmError {
            throw error
        } catch {
            throw SwarmError(.internal, "\(error)")
        }
    }

    /// Runs a shim `ift_*_options_init` call, which fails only when this code and the shim disagree
    /// on the version of the options struct `type`.
    static func checkInit(of type: String, _ call: () -> Int32) throws(SwarmError) {
        if call() != 0 { throw SwarmError(.internal, "the shim refused this version of \(type)") }
    }

    /// Runs a shim call and throws its error when it fails.
    static func check(_ call: (UnsafeMutablePointer<ift_error>) -> Int32) throws(SwarmError) {
        var error = ift_error()
        if call(&error) != 0 { throw SwarmError(error) }
    }
}
