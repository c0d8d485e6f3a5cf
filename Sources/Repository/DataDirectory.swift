import Fetch
import Foundation

/// The node's data directory (design §8) and the well-known paths inside it.
public struct DataDirectory: Sendable, Hashable {
    /// Used when neither `--data-dir` nor `ISOFLEET_DATA_DIR` names one.
    public static let defaultPath = "/var/lib/isofleet"

    /// Absolute path of the directory.
    public let root: String

    /// Where transfers land until they are complete and verified: `incomplete/` here, unless the
    /// repository is on another file system (``placingIncomplete(beside:)``).
    public let incomplete: String

    public init(_ path: String) {
        root = URL(fileURLWithPath: path).standardizedFileURL.path
        incomplete = root + "/incomplete"
    }

    private init(root: String, incomplete: String) {
        self.root = root
        self.incomplete = incomplete
    }

    /// The folder of incomplete transfers inside a repository on another file system.
    public static let repositoryIncompleteFolder = ".isofleet-incomplete"

    /// This data directory with its incomplete area moved to `REPOSITORY/.isofleet-incomplete`
    /// when `repositoryRoot` lies on another file system (a mounted share): the final rename of a
    /// finished file then stays one atomic rename instead of a copy across file systems.
    public func placingIncomplete(beside repositoryRoot: String) -> DataDirectory {
        guard let data = FileSystemKind.of(root), let repository = FileSystemKind.of(repositoryRoot),
            data.device != repository.device
        else { return self }
        let root = URL(fileURLWithPath: repositoryRoot).standardizedFileURL.path
        return DataDirectory(root: self.root, incomplete: root + "/" + Self.repositoryIncompleteFolder)
    }

    /// The SQLite database.
    public var database: String { root + "/isofleet.sqlite" }
    /// The JSON list of held images (design §4).
    public var inventory: String { root + "/inventory.json" }
    /// The last good manifest, as fetched.
    public var cachedManifest: String { root + "/manifest.json" }
    /// libtorrent resume data, one file per torrent.
    public var resume: String { root + "/resume" }
    /// The torrents of the images the node seeds (`TorrentCache`).
    public var seedingTorrents: String { root + "/torrents/seeding" }
    /// The generated admin token (mode 0600) when `admin.token` is not configured.
    public var adminToken: String { root + "/admin-token" }
    /// Held (`flock`) by the running `isofleet serve` for its whole life.
    public var serveLock: String { root + "/serve.lock" }
    /// Where the running `isofleet serve` says it listens: ``ServeRecord`` as JSON.
    public var serveRecord: String { root + "/serve.json" }
    /// The repository root unless `repository.path` says otherwise.
    public var defaultRepository: String { root + "/repo" }
    /// The plan of a layout change in progress (``LayoutMover``); absent otherwise.
    public var layoutJournal: String { root + "/layout-change.json" }

    /// Creates the directory and its working subdirectories when missing.
    public func create() throws {
        for path in [root, incomplete, resume] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }
}
