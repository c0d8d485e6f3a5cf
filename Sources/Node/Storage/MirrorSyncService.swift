public import Logging
public import ServiceLifecycle

/// The mirrors in the daemon's `ServiceGroup`: syncs every mirror of `storage.mirrors` at start,
/// after every update run, and when the images to mirror change otherwise (the startup scan, an
/// import, an addition: checked every ``checkInterval``), one sync at a time, until the group
/// shuts down, which stops a running upload (nothing partial is left at a layout path; the next
/// start syncs again). A mirror that failed is retried after the next update run.
public struct MirrorSyncService: Service, CustomStringConvertible {
    public let syncer: MirrorSyncer
    /// Update runs: a sync follows each one's end.
    public let updates: UpdateRunner
    public let checkInterval: Duration
    public let logger: Logger

    public init(syncer: MirrorSyncer, updates: UpdateRunner, checkInterval: Duration = .seconds(2), logger: Logger) {
        self.syncer = syncer
        self.updates = updates
        self.checkInterval = checkInterval
        self.logger = logger
    }

    /// The name the service group logs.
    public var description: String { "MirrorSyncService" }

    public func run() async throws {
        let syncer = syncer
        let events = updates.events()
        let interval = checkInterval
        // true: sync whatever changed; false: only when the images to mirror changed.
        let (requests, request) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingNewest(8))
        logger.info(
            "mirrors: \(syncer.mirrors.count) configured (storage.mirrors); syncing at start, after every update run and when the images change"
        )
        request.yield(true)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await always in requests { await syncer.syncAll(onlyWhenChanged: !always) }
                }
                group.addTask {
                    for await event in events {
                        if case .finished = event { request.yield(true) }
                    }
                    request.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: interval) } catch { break }
                        request.yield(false)
                    }
                    request.finish()
                }
                await group.waitForAll()
            }
        }
    }
}
