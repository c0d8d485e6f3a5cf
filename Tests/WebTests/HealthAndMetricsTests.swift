import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import RegexBuilder
import Testing

@testable import Web

/// `/healthz` and `/metrics`.
struct HealthAndMetricsTests {
    @Test func healthzAnswersWithoutUpstream() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(response.text == "ok\n")
        }
    }

    @Test func metricsAreValidPrometheusTextWithStoreFigures() async throws {
        let fixture = try WebFixture()
        try fixture.store.saveManifest(
            Data("{}".utf8), url: "http://up/manifest.json", fetchedAt: Date().addingTimeInterval(-120))
        try fixture.store.recordManifestFailure("connection refused", url: "http://up/manifest.json")
        _ = try fixture.store.addSelection(try Selection(parsing: "Linux/Ubuntu/Server@22"))
        try await fixture.test { client in
            // One refused change shows in the failure counter.
            let refused = try await client.execute(uri: "/api/v1/update", method: .post)
            #expect(refused.status == .unauthorized)
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let samples = try PrometheusText.parse(response.text)
            #expect(samples["isofleet_images_held"] == 2)
            #expect(samples["isofleet_bytes_held"] == Double(WebFixture.ubuntuSize + 50_000))
            #expect(samples["isofleet_selections"] == 1)
            #expect(samples["isofleet_manifest_fetched"] == 1)
            #expect((119...200).contains(samples["isofleet_manifest_age_seconds"] ?? -1))
            #expect(samples["isofleet_manifest_last_attempt_failed"] == 1)
            #expect(samples["isofleet_transfers{state=\"failed\"}"] == 0)
            #expect(samples["isofleet_auth_failures_total"] == 1)
        }
    }
}

/// A strict reader of the Prometheus text format: every family has HELP and TYPE before its
/// samples, every sample line is `name{labels} number`.
enum PrometheusText {
    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    /// Samples by `name{labels}`.
    static func parse(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        var typed: Set<String> = []
        var helped: Set<String> = []
        let name = /[a-zA-Z_:][a-zA-Z0-9_:]*/
        let sample = Regex {
            Capture {
                name
                Optionally {
                    "{"
                    OneOrMore(CharacterClass.anyOf("}").inverted)
                    "}"
                }
            }
            " "
            Capture { OneOrMore(.any) }
        }
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") {
                helped.insert(String(line.dropFirst(7).split(separator: " ")[0]))
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2, ["gauge", "counter"].contains(parts[1]) else {
                    throw FormatError(description: "bad TYPE line: \(line)")
                }
                typed.insert(String(parts[0]))
            } else {
                guard let match = line.wholeMatch(of: sample), let value = Double(match.2) else {
                    throw FormatError(description: "bad sample line: \(line)")
                }
                let family = String(match.1.prefix { $0 != "{" })
                guard typed.contains(family), helped.contains(family) else {
                    throw FormatError(description: "sample before HELP/TYPE: \(line)")
                }
                samples[String(match.1)] = value
            }
        }
        return samples
    }
}
