import Common
public import Foundation
import ISOCatalog
public import ISOStore

/// The daemon's manifest sync loop: ``run()`` synchronises, then waits until the next pull is due,
/// until its task is cancelled.
///
/// The next pull is due one interval after the last one started. While waiting, the interval in
/// force is asked for again whenever the store's change counter moved (looked at every
/// ``recheck``), so a change — from the page, the API, or a
/// CLI process writing the store — reschedules the pull at once: a 2 s interval set during a 1 h
/// pause pulls within about a second (issue 13, item 5). By default the interval is the store's
/// `manifest.interval` setting when valid, else the configured one; the daemon may pass its own
/// provider instead. Each pull's start is stored (``lastPullSetting``) so that the status and the
/// page show "next pull at …" (``nextPull(store:interval:)``); it is cleared when the loop stops.
/// A sync honours `manifest.min_age`, so an interval shorter than it only checks freshness.
/// Nothing runs until ``run()`` is called.
public struct ManifestSyncLoop: Sendable {
    /// The store setting that overrides the configured interval.
    public static let intervalSetting = ConfigurationKey.manifestInterval.name

    public let synchronizer: ManifestSynchronizer
    private let intervalProvider: @Sendable () -> Duration
    private let onResult: @Sendable (ManifestSyncResult) -> Void

    /// - Parameters:
    ///   - interval: the pause before the next sync, asked for each time.
    ///   - onResult: called after every sync (logging, metrics, the page).
    public init(
        synchronizer: ManifestSynchronizer, interval: @escaping @Sendable () -> Duration,
        onResult: @escaping @Sendable (ManifestSyncResult) -> Void = { _ in }
    ) {
        self.synchronizer = synchronizer
        self.intervalProvider = interval
        self.onResult = onResult
    }

    /// The interval is the store's `manifest.interval` setting when it holds a valid duration (at
    /// least 1 s), else `configuredInterval`.
    public init(
        synchronizer: ManifestSynchronizer, configuredInterval: Duration,
        onResult: @escaping @Sendable (ManifestSyncResult) -> Void = { _ in }
    ) {
        let store = synchronizer.store
        self.init(
            synchronizer: synchronizer,
            interval: {
                if let text = try? store.setting(Self.intervalSetting),
                    let duration = Configuration.parseDuration(text), duration >= .seconds(1)
                {
                    return duration
                }
                return configuredInterval
            }, onResult: onResult)
    }

    /// The store setting holding when the running loop's last pull started (RFC 3339).
    public static let lastPullSetting = "manifest.last_pull"

    /// How often the interval in force is read again while waiting for the next pull.
    public static let recheck: Duration = .seconds(1)

    /// Syncs, then waits until the next pull is due (``interval()`` after this one started, the
    /// interval read again every ``recheck``), and again, until cancelled. Returns on cancellation.
    public func run() async {
        let store = synchronizer.store
        defer { try? store.setSetting(Self.lastPullSetting, nil) }
        while !Task.isCancelled {
            let started = Date()
            try? store.setSetting(Self.lastPullSetting, RFC3339.string(from: started))
            let result = await synchronizer.sync()
            onResult(result)
            do { try await waitForNextPull(after: started) } catch { return }
        }
    }

    /// Returns once ``interval()`` has passed since `pulled`. Every ``recheck`` it looks at the
    /// store's change counter (one cheap pragma) and asks for the interval again only when the
    /// counter moved: a setting written by anyone is a commit. Throws when cancelled.
    func waitForNextPull(after pulled: Date) async throws {
        let store = synchronizer.store
        var seen = store.changeCounter()
        var interval = interval()
        while true {
            let change = store.changeCounter()
            if change != seen {
                seen = change
                interval = self.interval()
            }
            let remaining = pulled.addingTimeInterval(interval.seconds).timeIntervalSinceNow
            guard remaining > 0 else { return }
            try await Task.sleep(for: min(.milliseconds(Int64((remaining * 1000).rounded(.up))), Self.recheck))
        }
    }

    /// When the running loop pulls next: its last pull's start plus `interval`; nil when no loop
    /// has recorded a pull on `store`. A loop that died without clearing its record (a crash)
    /// leaves it behind: callers that report it check that the daemon runs
    /// (``ServeLock/isHeld(in:)``), as ``NodeStatus/compute(store:dataDirectory:repository:settings:manifestFacts:)``
    /// does.
    public static func nextPull(store: CatalogStore, interval: Duration) -> Date? {
        guard let text = try? store.setting(lastPullSetting), let last = RFC3339.date(from: text) else { return nil }
        return last.addingTimeInterval(interval.seconds)
    }

    /// The pause before the next sync.
    public func interval() -> Duration { intervalProvider() }
}
