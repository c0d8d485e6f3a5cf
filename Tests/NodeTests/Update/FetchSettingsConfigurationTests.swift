import Common
import Fetch
import Foundation
import Node
import TestSupport
import Testing

/// Issue 15, item 7: `fetch.max_size`, `fetch.min_rate` and `fetch.min_rate_window` reach the
/// fetcher of update runs, with documented defaults, and a value that cannot be used names its key.
struct FetchSettingsConfigurationTests {
    static func settings(_ overrides: [ConfigurationKey: String]) throws -> FetchSettings {
        let directory = try TemporaryDirectory(prefix: "fetch-settings")
        let configuration = try Configuration(file: nil, environment: [:], overrides: overrides)
        return try NodeSite(configuration: configuration, dataDirectoryPath: directory.appending("data"))
            .fetchSettings()
    }

    @Test func item7_defaultsBoundEveryFetch() throws {
        let settings = try Self.settings([:])
        #expect(settings.maxSize == 64 << 30)
        #expect(settings.minimumRate == 16 << 10)
        #expect(settings.minimumRateWindow == .seconds(60))
    }

    @Test func item7_configuredBoundsReachTheFetcher() throws {
        let settings = try Self.settings([.fetchMaxSize: "700M", .fetchMinRate: "64KiB", .fetchMinRateWindow: "2m"])
        #expect(settings.maxSize == 700 << 20)
        #expect(settings.minimumRate == 64 << 10)
        #expect(settings.minimumRateWindow == .seconds(120))
        #expect(try Self.settings([.fetchMinRate: "0"]).minimumRate == 0)
        #expect(try Self.settings([.fetchMaxSize: "4096"]).maxSize == 4096)
    }

    @Test(arguments: [
        (ConfigurationKey.fetchMaxSize, "lots", "fetch.max_size: 'lots' is not a size"),
        (.fetchMaxSize, "0", "fetch.max_size: must be more than 0 bytes"),
        (.fetchMaxSize, "9223372036854775807T", "fetch.max_size: '9223372036854775807T' is not a size"),
        (.fetchMaxSize, "-1", "is not a size"),
        (.fetchMinRate, "3G", "fetch.min_rate: '3G' is more than 2G"),
        (.fetchMinRateWindow, "0s", "fetch.min_rate_window: must be at least 1s"),
        (.fetchMinRateWindow, "soon", "fetch.min_rate_window: 'soon' is not a duration"),
    ])
    func item7_unusableBoundsNameTheirKey(key: ConfigurationKey, value: String, expected: String) throws {
        do {
            _ = try Self.settings([key: value])
            Issue.record("\(key.name) = \(value) was accepted")
        } catch let error as DaemonError {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }
}
