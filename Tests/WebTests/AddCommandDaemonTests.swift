import Foundation
import TestSupport
import Testing

/// `isofleet add` against a running `isofleet serve` (the built binary) whose configuration sets a
/// short `add.stall_timeout`: `--wait` shows its progress line from the start and ends in the stall
/// failure for a magnet nobody seeds; `--cancel ID` stops an addition.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AddCommandDaemonTests {
    @Test func addWaitShowsProgressThenTheStallFailureAndCancelStopsAnAddition() async throws {
        let node = try LiveNode()
        node.settings = ["ISOFLEET_ADD_STALL_TIMEOUT": "3s"]
        try await node.start()
        defer { node.process?.signal(SIGTERM) }

        // --wait: a progress line (stderr is a pipe: plain lines) from the first look, then the
        // stall failure, exit 1.
        let began = ContinuousClock.now
        let waited = try node.cli("add", AdditionCancelAPITests.unseededMagnet(), "--wait")
        #expect(waited.status == 1, "\(waited.stderr)")
        let lines = waited.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.first == "ubuntu-24.04.1-live-server-amd64.iso:  metadata no  0 B  0 B/s  0 peers",
            "\(waited.stderr)")
        #expect(lines.last?.contains("no peer sent metadata in 3s (0 peers connected") == true, "\(waited.stderr)")
        #expect(ContinuousClock.now - began < .seconds(20))
        #expect(waited.stdout.isEmpty)

        // Without --wait the daemon keeps it; --cancel stops it and says so.
        let started = try node.cli("add", AdditionCancelAPITests.unseededMagnet())
        #expect(started.status == 0, "\(started.stderr)")
        let id = try #require(started.stdout.firstMatch(of: /started #(\d+)\s/).map { String($0.1) })
        let cancelled = try node.cli("add", "--cancel", id)
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(
            cancelled.stdout
                == "cancelled #\(id) ubuntu-24.04.1-live-server-amd64.iso; its partial files are removed\n")
        #expect(try node.curl("/api/v1/additions/\(id)").contains("\"state\" : \"cancelled\""))

        let unknown = try node.cli("add", "--cancel", "99")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no addition with id 99"), "\(unknown.stderr)")
        let both = try node.cli("add", "--cancel", id, "--wait")
        #expect(both.status == 2, "--cancel takes no --wait")
    }
}
