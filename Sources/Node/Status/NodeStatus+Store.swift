import Foundation
import ISOCatalog
public import ISOStore
public import Repository
public import WireTypes

extension NodeStatus {
    /// The status as the store, the repository and the runtime settings describe it; the cached
    /// manifest's image count from `manifestFacts` (parsed once per stored manifest), its URL
    /// (and the URLs in its last error) without credentials or query; the next pull only while a
    /// daemon runs on `dataDirectory`.
    /// - Throws: ``StoreError`` when the database cannot be read.
    public static func compute(
        store: CatalogStore, dataDirectory: DataDirectory, repository: Repository, settings: RuntimeSettings,
        manifestFacts: ManifestFacts = ManifestFacts()
    ) throws(StoreError) -> NodeStatus {
        let images = try store.images()
        let held = images.filter { $0.state != .missing }
        var bySource: [String: Int] = [:]
        for image in held { bySource[image.source.rawValue, default: 0] += 1 }
        let selections = try store.selections()
        let facts = try manifestFacts.read(from: store)
        let cached = facts?.manifest
        var transfers = Dictionary(uniqueKeysWithValues: TransferState.allCases.map { ($0.rawValue, 0) })
        for transfer in try store.transfers() { transfers[transfer.state.rawValue, default: 0] += 1 }
        var manifest = ManifestState(
            url: cached?.url.map(DisplayedURL.withoutSecrets),
            fetchedAt: cached?.fetchedAt.map(RFC3339.string(from:)),
            lastAttempt: cached?.lastAttempt.map(RFC3339.string(from:)),
            lastError: cached?.lastError.map(DisplayedURL.scrubbed),
            images: facts?.summary?.imageCount,
            interval: try settings.manifestIntervalText())
        // Only a running daemon pulls: a record a crashed one left behind schedules nothing.
        if ServeLock.isHeld(in: dataDirectory) {
            manifest.nextPull = ManifestSyncLoop.nextPull(store: store, interval: try settings.manifestInterval())
                .map(RFC3339.string(from:))
        }
        return NodeStatus(
            dataDirectory: dataDirectory.root,
            repository: repository.root,
            images: Images(
                held: held.count, missing: images.count - held.count, bytes: held.reduce(0) { $0 + $1.size },
                // Fetched without a published sha256 (manifest.allow_unverified) counts as without one.
                withoutChecksum: held.filter { $0.sha256 == nil || !$0.verified }.count, bySource: bySource),
            selections: Selections(total: selections.count, autoUpdate: selections.filter(\.autoUpdate).count),
            manifest: manifest,
            transfers: transfers)
    }
}

extension NodeStatus {
    /// Every transfer state, in the store's order (the keys of ``transfers``).
    public static var transferStates: [String] { TransferState.allCases.map(\.rawValue) }
}
