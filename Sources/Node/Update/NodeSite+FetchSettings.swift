public import Common
public import Fetch
import Repository

extension NodeSite {
    /// The bounds every image fetch keeps, from `fetch.max_size`, `fetch.min_rate` and
    /// `fetch.min_rate_window` (see `docs/fetch.md`); buffered writes when the incomplete area is on
    /// a network file system; the other knobs keep their defaults.
    /// - Throws: ``DaemonError`` `invalidInput` naming the key for a value that cannot be used.
    public func fetchSettings() throws(DaemonError) -> FetchSettings {
        var settings = FetchSettings()
        do throws(ConfigurationError) {
            if let maxSize = try configuration.byteCount(.fetchMaxSize) {
                guard maxSize > 0 else {
                    throw ConfigurationError("fetch.max_size: must be more than 0 bytes")
                }
                settings.maxSize = maxSize
            }
            if let rate = try configuration.byteCount(.fetchMinRate) {
                guard rate <= Int64(Int32.max) else {
                    throw ConfigurationError("fetch.min_rate: '\(configuration[.fetchMinRate] ?? "")' is more than 2G")
                }
                settings.minimumRate = Int(rate)
            }
            if let window = try configuration.duration(.fetchMinRateWindow) {
                guard window >= .seconds(1) else {
                    throw ConfigurationError("fetch.min_rate_window: must be at least 1s")
                }
                settings.minimumRateWindow = window
            }
        } catch {
            throw DaemonError(.invalidInput, error.description)
        }
        // O_DIRECT on a network file system turns every block into a synchronous round trip.
        if let kind = FileSystemKind.of(dataDirectory.incomplete), kind.isNetwork { settings.directIO = false }
        return settings
    }
}
