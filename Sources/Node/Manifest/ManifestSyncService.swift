import Foundation
import ISOStore

/// The daemon's manifest sync loop: ``run()`` synchronises, then sleeps for the interval in force,
/// until its task is cancelled.
///
/// The interval is read before every pause: the store's `manifest.interval` setting (changed from
/// the page) wins over the configuration's. A sync honours `manifest.min_age`, so an interval
/// shorter than it only checks freshness. Nothing runs until ``run()`` is called.
public struct ManifestSyncService: Sendable {
    /// The store setting that overrides the configured interval.
    public static let intervalSetting = ConfigurationKey.manifestInterval.name

    public let synchronizer: ManifestSynchronizer
    /// `manifest.interval` from the configuration.
    public let configuredInterval: Duration
    private let onResult: @Sendable (ManifestSyncResult) -> Void

    /// - Parameter onResult: called after every sync (logging, metrics, the page).
    public init(
        synchronizer: ManifestSynchronizer, configuredInterval: Duration,
        onResult: @escaping @Sendable (ManifestSyncResult) -> Void = { _ in }
    ) {
        self.synchronizer = synchronizer
        self.configuredInterval = configuredInterval
        self.onResult = onResult
    }

    /// Syncs, then waits `interval()`, and again, until cancelled. Returns on cancellation.
    public func run() async {
        while !Task.isCancelled {
            let result = await synchronizer.sync()
            onResult(result)
            do { try await Task.sleep(for: interval()) } catch { return }
        }
    }

    /// The interval in force: the store setting when it holds a valid duration (at least 1 s),
    /// else the configured one.
    public func interval() -> Duration {
        if let text = try? synchronizer.store.setting(Self.intervalSetting),
           let duration = Configuration.parseDuration(text), duration >= .seconds(1) {
            return duration
        }
        return configuredInterval
    }
}
