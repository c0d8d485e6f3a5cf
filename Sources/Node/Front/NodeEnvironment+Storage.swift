public import Common
import Fetch
import Foundation
import ISOCatalog
import ISOStore
public import WireTypes

extension NodeEnvironment {
    /// Every mirror of `storage.mirrors` and where it stands (`GET /api/v1/storage`, the page's
    /// storage section): the last sync's outcome from the data directory's `mirrors.json`, and how
    /// many of the repository's images each lacks now. URLs are shown by ``DisplayedURL`` (no credentials, no query).
    public func storage() throws(RequestError) -> StorageJSON {
        let configured = site.configuration.list(.storageMirrors)
        guard !configured.isEmpty else { return StorageJSON(mirrors: []) }
        let records = site.mirrorRecords.load()
        let images: [String: String]
        do {
            images = Dictionary(
                try MirrorSyncer.mirroredImages(store).compactMap { entry in entry.sha256.map { (entry.path, $0) } },
                uniquingKeysWith: { first, _ in first })
        } catch {
            throw RequestError(error)
        }
        let mirrors = configured.map { text -> MirrorJSON in
            guard let location = try? RemoteLocation(parsing: text) else {
                return MirrorJSON(
                    url: DisplayedURL.withoutSecrets(text), state: .failing,
                    reason: "not an s3://, smb://, nfs:// or file:// URL", behind: images.count)
            }
            let record = records[location.description] ?? MirrorRecord(url: location.description)
            return Self.mirrorJSON(record, images: images)
        }
        return StorageJSON(mirrors: mirrors)
    }

    /// `record` as the API shows it, `images` (path → SHA-256) being what the mirror should hold.
    static func mirrorJSON(_ record: MirrorRecord, images: [String: String]) -> MirrorJSON {
        let behind = images.filter { record.holds[$0.key] != $0.value }.count
        let held = images.filter { record.holds[$0.key] == $0.value }.count
        let state: MirrorStateJSON
        switch record.outcome {
        case _ where record.progress != nil: state = .syncing
        case .leased?: state = .leased
        case .failing?: state = .failing
        case .inSync? where behind == 0: state = .inSync
        default: state = .behind
        }
        return MirrorJSON(
            url: DisplayedURL.withoutSecrets(record.url), state: state,
            reason: (record.reason ?? (record.outcome == nil && record.progress == nil ? "not synced yet" : nil))
                .map(DisplayedURL.scrubbed),
            behind: behind, held: held, lastSync: record.lastSync, lastAttempt: record.lastAttempt,
            leasedBy: record.leasedBy, leasedUntil: record.leasedUntil,
            failures: record.failures.map {
                MirrorFailureJSON(path: $0.path, reason: DisplayedURL.scrubbed($0.reason))
            },
            progress: record.progress)
    }
}
