public import Common
public import Fetch
import Foundation
public import ISOCatalog
public import ISOStore
public import Logging
import Repository
import Synchronization
import WireTypes

/// Syncs every mirror of `storage.mirrors` with the repository, one after the other, off the
/// cooperative pool (the stores block), and keeps each mirror's ``MirrorRecord`` in
/// ``MirrorRecords`` as it goes: progress while a sync runs, how it ended afterwards.
public final class MirrorSyncer: Sendable {
    /// The mirrors' URLs as configured.
    public let mirrors: [String]
    public let access: RemoteAccess
    public let store: CatalogStore
    public let repositoryRoot: String
    /// Who this node is in a mirror's lease: host name and data directory.
    public let holder: String
    public let records: MirrorRecords
    public let logger: Logger
    private let state: Mutex<[String: MirrorRecord]>
    private let throttle = ProgressThrottle(interval: .seconds(1))
    /// The store's change counter and the images (path and SHA-256) the last sync was given.
    private let lastGiven = Mutex<(counter: UInt64?, images: Set<String>?)>((nil, nil))

    public init(
        mirrors: [String], access: RemoteAccess, store: CatalogStore, repositoryRoot: String, holder: String,
        records: MirrorRecords, logger: Logger
    ) {
        self.mirrors = mirrors
        self.access = access
        self.store = store
        self.repositoryRoot = repositoryRoot
        self.holder = holder
        self.records = records
        self.logger = logger
        var loaded = records.load()
        for key in loaded.keys { loaded[key]?.progress = nil }
        state = Mutex(loaded)
    }

    /// The images a mirror holds: those present and verified (an image fetched without a
    /// SHA-256 under `manifest.allow_unverified` is never mirrored, as it is never served).
    public static func mirroredImages(_ store: CatalogStore) throws(StoreError) -> [InventoryEntry] {
        try store.images().filter { $0.state == .present && $0.verified }.map(\.inventoryEntry)
    }

    /// Syncs every mirror once, one after the other, unless `onlyWhenChanged` and the images to
    /// mirror are those the last sync was given (a scan, an import or an addition changed them
    /// otherwise). Cancelling the task stops the running upload (nothing partial is left at a
    /// layout path) and skips the rest.
    public func syncAll(onlyWhenChanged: Bool = false) async {
        guard !mirrors.isEmpty else { return }
        let counter = store.changeCounter()
        if onlyWhenChanged, lastGiven.withLock({ $0.counter == counter }) { return }
        let images: [InventoryEntry]
        do {
            images = try await OffPool.run("mirror images") { () throws(StoreError) in
                try Self.mirroredImages(self.store)
            }
        } catch {
            logger.error("mirrors: cannot list the repository's images: \(error)")
            return
        }
        let given = Set(images.map { "\($0.path)\u{0}\($0.sha256 ?? "")" })
        let unchanged = lastGiven.withLock { last in
            defer { last = (counter, given) }
            return last.images == given
        }
        if onlyWhenChanged && unchanged { return }
        for text in mirrors where !Task.isCancelled {
            await sync(text, images: images)
        }
    }

    private func sync(_ text: String, images: [InventoryEntry]) async {
        let location: RemoteLocation
        do {
            location = try RemoteLocation(parsing: text)
        } catch {
            logger.error("storage.mirrors: \(error.message)")
            return
        }
        let key = location.description
        update(key, save: true) {
            $0.progress = MirrorProgressJSON(uploadsDone: 0, uploadsTotal: 0, path: nil, bytesDone: 0, bytesTotal: 0)
        }
        let cancelled = Atomic<Bool>(false)
        let report = await OffPool.run("mirror sync", onCancel: { cancelled.store(true, ordering: .relaxed) }) {
            () -> MirrorSyncReport in
            let mirror: any RemoteStore
            do throws(FetchError) {
                mirror = try self.access.openMirror(location)
            } catch {
                return MirrorSyncReport(mirror: key, outcome: .failed(error.message))
            }
            let sync = MirrorSync(
                store: mirror, repositoryRoot: self.repositoryRoot, holder: self.holder,
                progress: { step in
                    let json = MirrorProgressJSON(
                        uploadsDone: step.uploadsDone, uploadsTotal: step.uploadsTotal, path: step.path,
                        bytesDone: step.bytesDone, bytesTotal: step.bytesTotal)
                    self.update(key, save: self.throttle.shouldFire()) { $0.progress = json }
                },
                shouldContinue: { !cancelled.load(ordering: .relaxed) })
            return sync.run(images: images)
        }
        update(key, save: true) { record in record.apply(report, at: Date()) }
        if case .synced = report.outcome, report.isInSync {
            logger.info("\(report.summary)")
        } else {
            logger.warning("\(report.summary)")
        }
    }

    /// Changes the record of `key` and, when `save`, writes every record.
    private func update(_ key: String, save: Bool, _ change: (inout MirrorRecord) -> Void) {
        let snapshot = state.withLock { records -> [String: MirrorRecord] in
            change(&records[key, default: MirrorRecord(url: key)])
            return records
        }
        guard save else { return }
        do { try records.save(snapshot) } catch {
            logger.error("cannot write \(records.path): \(error.localizedDescription)")
        }
    }
}
