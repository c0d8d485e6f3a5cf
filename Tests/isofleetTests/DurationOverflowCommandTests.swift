import Foundation
import TestSupport
import Testing

/// Issue 15, item 8: a duration that overflows, given in the environment (or the file) for a key
/// the daemon reads at start, stops `serve` with exit 2 and one line naming the key, instead of
/// trapping (exit 132) at the first sleep.
@Suite(.timeLimit(.minutes(1)))
struct DurationOverflowCommandTests {
    @Test(arguments: ["ISOFLEET_MANIFEST_MIN_AGE", "ISOFLEET_DRAIN_MAX", "ISOFLEET_FLEET_REFRESH"])
    func item8_anOverflowingDurationStopsServeWithExitTwo(variable: String) throws {
        let cli = try CLI()
        var environment = cli.environment
        environment[variable] = "106751991167301d"
        environment["ISOFLEET_WEB_LISTEN"] = "127.0.0.1:\(try FreePort.next())"
        environment["ISOFLEET_SWARM_LISTEN"] = "127.0.0.1:\(try FreePort.next())"
        environment["ISOFLEET_MANIFEST_URL"] = "http://127.0.0.1:1/manifest.json"
        let result = try CommandResult.run(
            BuiltProducts.isofleet, ["serve", "--data-dir", cli.dataDirectory], environment: environment,
            workingDirectory: cli.directory.path)
        let key = variable.dropFirst("ISOFLEET_".count).lowercased().replacingOccurrences(of: "_", with: ".")
            .replacingOccurrences(of: "min.age", with: "min_age")
        #expect(result.status == 2, "\(result.stderr)")
        // serve logs as it assembles; its last line is the error, and no trap or backtrace.
        let lastLine = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(lastLine.hasPrefix("isofleet: \(key): '106751991167301d' is not a duration"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Backtrac"), "\(result.stderr)")
    }
}
