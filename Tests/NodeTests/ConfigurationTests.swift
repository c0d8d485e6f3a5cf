import Foundation
import Node
import TestSupport
import Testing

struct ConfigurationTests {
    private let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory(prefix: "config") }

    private func writeFile(_ text: String) throws -> String {
        let path = directory.appending("isofleet.conf")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsApplyWhenNothingIsSet() throws {
        let configuration = try Configuration(file: nil, environment: [:])
        #expect(configuration[.manifestMinAge] == "1h")
        #expect(try configuration.duration(.manifestMinAge) == .seconds(3600))
        #expect(configuration[.manifestURL] == nil)
        #expect(configuration.list(.fleetPeers).isEmpty)
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
        let file = try writeFile(
            """
            # comment
            manifest.url = file:///from-file.json
            web.listen = 127.0.0.1:9000
            fleet.peers = 10.0.0.1:6881, 10.0.0.2:6881
            """)
        let configuration = try Configuration(
            file: file,
            environment: ["ISOFLEET_MANIFEST_URL": "https://env/manifest.json", "ISOFLEET_WEB_LISTEN": "0.0.0.0:80"],
            overrides: [.webListen: "127.0.0.1:1234"])
        #expect(configuration[.manifestURL] == "https://env/manifest.json")
        #expect(configuration[.webListen] == "127.0.0.1:1234")
        #expect(configuration.list(.fleetPeers) == ["10.0.0.1:6881", "10.0.0.2:6881"])
    }

    @Test func unknownKeyNamesFileLineAndKey() throws {
        let file = try writeFile("manifest.url = x\nmanifest.intervall = 5m\n")
        #expect(throws: ConfigurationError("\(file):2: unknown key 'manifest.intervall'")) {
            try Configuration(file: file, environment: [:])
        }
    }

    @Test(arguments: [("90s", 90), ("30m", 1800), ("6h", 21600), ("1d", 86400), ("45", 45)])
    func durations(text: String, seconds: Int64) throws {
        let configuration = try Configuration(file: nil, environment: ["ISOFLEET_MANIFEST_INTERVAL": text])
        #expect(try configuration.duration(.manifestInterval) == .seconds(seconds))
    }

    @Test func badDurationIsAnError() throws {
        let configuration = try Configuration(file: nil, environment: ["ISOFLEET_MANIFEST_INTERVAL": "soon"])
        #expect(throws: ConfigurationError.self) { try configuration.duration(.manifestInterval) }
    }

    /// Numbers that overflow, and durations longer than a year and a day, are refused as input:
    /// before, they trapped (exit 132) when multiplied or when the node slept for them.
    @Test(arguments: ["106751991167301d", "9223372036854775807", "9223372036854775807s", "367d", "8785h"])
    func item8_hugeDurationsAreRefusedNotTrapped(text: String) throws {
        let configuration = try Configuration(file: nil, environment: ["ISOFLEET_MANIFEST_INTERVAL": text])
        #expect(
            throws: ConfigurationError(
                "manifest.interval: '\(text)' is not a duration (e.g. 90s, 30m, 6h, 1d; at most 366d)")
        ) {
            try configuration.duration(.manifestInterval)
        }
    }

    @Test func theLongestDurationIsAccepted() throws {
        let configuration = try Configuration(file: nil, environment: ["ISOFLEET_MANIFEST_INTERVAL": "366d"])
        #expect(try configuration.duration(.manifestInterval) == Configuration.maximumDuration)
    }

    @Test(arguments: [("on", true), ("OFF", false), ("yes", true), ("0", false)])
    func switches(text: String, value: Bool) throws {
        let configuration = try Configuration(file: nil, environment: ["ISOFLEET_SWARM_ORIGIN_PIECES": text])
        #expect(try configuration.flag(.swarmOriginPieces) == value)
    }

    @Test func switchesDefaultOnAndRefuseOtherWords() throws {
        #expect(try Configuration(file: nil, environment: [:]).flag(.swarmOriginPieces) == true)
        let configuration = try Configuration(file: nil, environment: ["ISOFLEET_SWARM_ORIGIN_PIECES": "maybe"])
        #expect(throws: ConfigurationError.self) { try configuration.flag(.swarmOriginPieces) }
    }
}
