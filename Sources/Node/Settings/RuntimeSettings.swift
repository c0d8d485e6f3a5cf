public import Common
import Foundation
public import ISOStore

/// Settings an operator changes at run time from the page or `PUT /api/v1/settings`, stored in the
/// catalog's `setting` table where they override the configuration file.
///
/// Today: `manifest.interval`, how often the manifest is pulled. The manifest sync loop reads
/// ``manifestInterval()`` before each wait, so a change applies from the next pull.
public struct RuntimeSettings: Sendable {
    /// The shortest interval accepted: pulling more often only loads the upstream.
    public static let minimumManifestInterval: Duration = .seconds(60)

    public let store: CatalogStore
    public let configuration: Configuration

    public init(store: CatalogStore, configuration: Configuration) {
        self.store = store
        self.configuration = configuration
    }

    /// The interval in force as written (`6h`): the stored setting, else `manifest.interval`.
    public func manifestIntervalText() throws(StoreError) -> String {
        if let stored = try store.setting(ConfigurationKey.manifestInterval.name) { return stored }
        return configuration[.manifestInterval] ?? ConfigurationKey.manifestInterval.defaultValue ?? "6h"
    }

    /// The interval in force as a duration; an unreadable stored value falls back to the file's.
    public func manifestInterval() throws(StoreError) -> Duration {
        if let parsed = Configuration.parseDuration(try manifestIntervalText()) { return parsed }
        return (try? configuration.duration(.manifestInterval)) ?? .seconds(6 * 3600)
    }

    /// Validates and stores a new interval.
    /// - Throws: ``DaemonError`` `invalidInput` naming the value and the rule; store failures as `io`.
    public func setManifestInterval(_ text: String) throws(DaemonError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let duration = Configuration.parseDuration(trimmed) else {
            throw DaemonError(
                .invalidInput, "manifest_interval: '\(text)' is not a duration (e.g. 90s, 30m, 6h, 1d; at most 366d)")
        }
        guard duration >= Self.minimumManifestInterval else {
            throw DaemonError(.invalidInput, "manifest_interval: '\(text)' is shorter than the minimum of 60s")
        }
        do { try store.setSetting(ConfigurationKey.manifestInterval.name, trimmed) } catch {
            throw DaemonError(.io, "cannot store manifest_interval", cause: error)
        }
    }
}
