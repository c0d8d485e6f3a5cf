import Foundation
import ISOStore

/// The daemon's manifest sync loop: ``run()`` synchronises, then sleeps for the interval in force,
/// until its task is cancelled.
///
/// The interval is asked for before every pause, so a change (from the page) applies from the next
/// pull. By default it is the store's `manifest.interval` setting when valid, else the configured
/// one; the daemon may pass its own provider instead. A sync honours `manifest.min_age`, so an
/// interval shorter than it only checks freshness. Nothing runs until ``run()`` is called.
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

    /// Syncs, then waits ``interval()``, and again, until cancelled. Returns on cancellation.
    public func run() async {
        while !Task.isCancelled {
            let result = await synchronizer.sync()
            onResult(result)
            do { try await Task.sleep(for: interval()) } catch { return }
        }
    }

    /// The pause before the next sync.
    public func interval() -> Duration { intervalProvider() }
}
