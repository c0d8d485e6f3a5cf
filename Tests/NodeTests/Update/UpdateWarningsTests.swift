import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing

/// Issue 13, item 4: a run that leaves a selection unresolved or skips an image ends "succeeded
/// with warnings", each warning naming its selection, in the report, `update --json`'s document,
/// the text summary and the store (the page's last run).
@Suite(.timeLimit(.minutes(1)))
struct UpdateWarningsTests {
    @Test func aMisspelledSelectionAndALayoutCollisionAreWarnings() async throws {
        let fixture = try OriginFixture()
        let server = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let desktop = try fixture.image("Linux/Ubuntu/Desktop@22.04.3", seed: 2, size: 1 << 20)
        let nginx = try await fixture.nginx()
        defer { withExtendedLifetime(nginx) {} }
        try fixture.writeManifest([server, desktop]) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/*@latest")
        try fixture.select("Linux/Ubuntoo/Server@latest")
        // No {flavor}: Server and Desktop share one path.
        let repository = Repository(
            root: fixture.repository.root, layout: try Layout(template: "{family}/{name}/{name_lower}-{version}.iso"))
        let runner = UpdateRunner(
            store: fixture.store, repository: repository, dataDirectory: fixture.dataDirectory,
            synchronizer: fixture.synchronizer(), acquirers: fixture.runner().acquirers)

        let report = try await runner.run()
        #expect(report.succeeded)
        #expect(report.fetched.count == 1)
        #expect(report.outcome == "succeeded with warnings")
        let unresolved = try #require(report.warnings.first { $0.kind == .unresolved })
        #expect(unresolved.selection == "Linux/Ubuntoo/Server@latest")
        #expect(unresolved.message == "no image in the manifest matches; nothing is fetched for it")
        let collision = try #require(report.warnings.first { $0.kind == .skipped })
        #expect(collision.selection == "Linux/Ubuntu/*@latest")
        #expect(collision.path == "Linux/Ubuntu/ubuntu-22.04.3.iso")
        #expect(collision.message.contains("the layout path is taken by planned fetch"))

        // `update --json`: the outcome and a warnings array, per selection.
        let json = try JSONEncoder().encode(UpdateReportJSON(report: report, url: nil))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["outcome"] as? String == "succeeded with warnings")
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(
            Set(warnings.compactMap { $0["selection"] as? String }) == [
                "Linux/Ubuntoo/Server@latest", "Linux/Ubuntu/*@latest",
            ])
        #expect(Set(warnings.compactMap { $0["kind"] as? String }) == ["unresolved", "skipped"])

        // The text summary ends with the warnings and the outcome (exit code 0: nothing failed).
        let text = UpdateSummary.report(report)
        #expect(text.contains("warnings (2):"))
        #expect(text.contains("  warning  Linux/Ubuntoo/Server@latest: "))
        #expect(text.hasSuffix("outcome: succeeded with warnings"))

        // The store keeps the last run for the page, whoever ran it.
        let record = try #require(LastRunRecord.read(from: fixture.store))
        #expect(record.outcome == "succeeded with warnings")
        #expect(record.warnings == report.warnings)
        #expect(UpdateRunStatus.LastRun(.success(report)).outcome == "succeeded with warnings")
    }

    @Test func aRunWithoutWarningsSucceeds() async throws {
        let fixture = try OriginFixture()
        let server = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let nginx = try await fixture.nginx()
        defer { withExtendedLifetime(nginx) {} }
        try fixture.writeManifest([server]) { [nginx.url($0.fileName)] }
        try fixture.select("Linux/Ubuntu/Server@latest")
        let report = try await fixture.runner().run()
        #expect(report.warnings.isEmpty)
        #expect(report.outcome == "succeeded")
        #expect(!UpdateSummary.report(report).contains("warning"))
    }

    /// Only failures overcome become `unreachable` warnings: a file adopted at its layout path is
    /// a success, a mirror passed over is a warning.
    @Test func onlyOvercomeFailuresAreUnreachableWarnings() async throws {
        let fixture = try OriginFixture()
        let adopted = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let fetched = try fixture.image("Linux/Debian/Netinst@12.5", seed: 2, size: 1 << 20)
        let nginx = try await fixture.nginx()
        defer { withExtendedLifetime(nginx) {} }
        try fixture.writeManifest([adopted, fetched]) { image in
            image.identity == fetched.identity
                ? [nginx.url("missing/" + image.fileName), nginx.url(image.fileName)]
                : [nginx.url(image.fileName)]
        }
        try fixture.select("Linux/Ubuntu/Server@22.04")
        try fixture.select("Linux/Debian/Netinst@12")
        try ImageGenerator.write(to: fixture.repositoryFile(try fixture.layoutPath(adopted)), seed: 1, size: 1 << 20)

        let report = try await fixture.runner().run()
        #expect(Set(report.fetched.map(\.identity)) == [adopted.identity, fetched.identity])
        #expect(
            report.fetched.first { $0.identity == adopted.identity }?.notes.contains { $0.contains("adopted") } == true)
        #expect(report.warnings.count == 1, "\(report.warnings)")
        let warning = try #require(report.warnings.first)
        #expect(warning.kind == .unreachable)
        #expect(warning.selection == "Linux/Debian/Netinst@12")
        #expect(warning.message.contains("missing/"))
        #expect(!report.warnings.contains { $0.message.contains("adopted") })
    }

    /// The page shows the last run to anyone: the record is scrubbed of credentials and queries.
    @Test func theRecordIsScrubbedOfCredentials() {
        let record = LastRunRecord(
            finished: "2026-01-01T00:00:00Z", outcome: "failed",
            failure: "cannot fetch https://user:hunter2@mirror.example/manifest.json?token=s3cret",
            warnings: [
                UpdateWarning(
                    selection: "Linux/Ubuntu/*@latest", kind: .unreachable,
                    message: "passed over https://alice:pw123@mirror.example/u.iso?sig=abc")
            ])
        #expect(record.failure == "cannot fetch https://mirror.example/manifest.json")
        #expect(record.warnings.first?.message == "passed over https://mirror.example/u.iso")
    }

    /// A run limited to some selections warns only about them and keeps the others' warnings; a
    /// run that fails outright is recorded as failed, keeping the warnings it could not renew.
    @Test func limitedAndFailedRunsKeepTheOtherWarnings() async throws {
        let fixture = try OriginFixture()
        let server = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 1 << 20)
        let nginx = try await fixture.nginx()
        defer { withExtendedLifetime(nginx) {} }
        try fixture.writeManifest([server]) { [nginx.url($0.fileName)] }
        let good = try fixture.select("Linux/Ubuntu/Server@latest")
        try fixture.select("Linux/Ubuntoo/Server@latest")
        let runner = fixture.runner()
        _ = try await runner.run()
        let unresolved = UpdateWarning(
            selection: "Linux/Ubuntoo/Server@latest", kind: .unresolved,
            message: "no image in the manifest matches; nothing is fetched for it")
        #expect(LastRunRecord.read(from: fixture.store)?.warnings == [unresolved])

        let limited = try await runner.run(scope: .only([good.id]))
        #expect(limited.warnings.isEmpty, "a limited run warns only about the selections it covers")
        #expect(limited.outcome == "succeeded")
        let afterLimited = try #require(LastRunRecord.read(from: fixture.store))
        #expect(afterLimited.outcome == "succeeded")
        #expect(afterLimited.warnings == [unresolved], "the uncovered selection keeps its warning")

    }

    /// A run that fails outright is recorded as failed (scrubbed), keeping the warnings it could
    /// not renew, so the page does not show the previous outcome while the API says failed.
    @Test func aFailedRunIsRecorded() async throws {
        let fixture = try OriginFixture()
        let earlier = UpdateWarning(selection: "Linux/Ubuntoo/Server@latest", kind: .unresolved, message: "earlier")
        try LastRunRecord(finished: "2026-01-01T00:00:00Z", outcome: "succeeded with warnings", warnings: [earlier])
            .write(to: fixture.store)
        let failing = fixture.runner(
            synchronizer: fixture.synchronizer(url: "http://user:secret@127.0.0.1:9/manifest.json", minAge: .zero))
        await #expect(throws: UpdateError.self) { _ = try await failing.run() }
        let record = try #require(LastRunRecord.read(from: fixture.store))
        #expect(record.outcome == "failed")
        #expect(record.failure?.contains("no manifest to work from") == true)
        #expect(record.failure?.contains("secret") == false)
        #expect(record.warnings == [earlier])
    }

    /// The page flags selections nothing matches from one manifest summary read once.
    @Test func unmatchedWarningIsPureOverOneSummary() throws {
        let summary = ManifestFacts.Summary(
            imageCount: 1,
            identities: [
                ImageIdentity(
                    family: "Linux", name: "Ubuntu", flavor: "Server", version: Version(major: "22", minor: "04"))
            ])
        let matching = try Selection(parsing: "Linux/Ubuntu/Server@latest")
        let misspelled = try Selection(parsing: "Linux/Ubuntoo/Server@latest")
        #expect(NodeEnvironment.unmatchedWarning(for: matching, in: summary) == nil)
        #expect(NodeEnvironment.unmatchedWarning(for: misspelled, in: nil) == nil, "no manifest: nothing to tell")
        let warning = try #require(NodeEnvironment.unmatchedWarning(for: misspelled, in: summary))
        #expect(warning.hasPrefix("no image matches today: none of the 1 images in the manifest fits "))
    }
}
