public import Common
import Fetch
import Foundation
public import ISOStore
public import Logging
import Repository

extension NodeSite {
    /// The syncer of `storage.mirrors` for the daemon, nil when none is configured.
    /// - Throws: ``DaemonError`` `invalidInput` for a mirror URL that does not parse or a
    ///   remote-storage setting that is wrong (``remoteAccess(settings:environment:)``).
    public func mirrorSyncer(store: CatalogStore, logger: Logger) throws(DaemonError) -> MirrorSyncer? {
        let mirrors = configuration.list(.storageMirrors)
        guard !mirrors.isEmpty else { return nil }
        for text in mirrors {
            do { _ = try RemoteLocation(parsing: text) } catch {
                throw DaemonError(.invalidInput, "storage.mirrors: \(error.message)")
            }
        }
        return MirrorSyncer(
            mirrors: mirrors, access: try remoteAccess(settings: try fetchSettings()), store: store,
            repositoryRoot: repository.root, holder: mirrorHolder, records: mirrorRecords, logger: logger)
    }

    /// The mirrors' records in the data directory (`mirrors.json`).
    public var mirrorRecords: MirrorRecords { MirrorRecords(dataDirectory: dataDirectory.root) }

    /// This node in a mirror's lease: `host:data-directory`, the same across restarts, so a node
    /// restarted mid-sync takes its own lease back at once.
    var mirrorHolder: String {
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown-host"
        return host + ":" + dataDirectory.root
    }
}
