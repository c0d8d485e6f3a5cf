import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

@testable import Web

/// Refused changes are logged with the reason, never with what was sent.
struct AuthLoggingTests {
    @Test func refusalsAreLoggedWithoutTheSecret() async throws {
        let logs = InMemoryLogHandler()
        let fixture = try WebFixture(logHandler: logs)
        try await fixture.test { client in
            _ = try await client.execute(
                uri: "/api/v1/update", method: .post, headers: [.authorization: "Bearer guess-s3cr3t-value"])
            _ = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=another-s3cr3t-guess"))
            _ = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(WebFixture.token)"))
        }
        let warnings = logs.entries.filter { $0.level == .warning }.map { "\($0.message) \($0.metadata)" }
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.contains("refused POST /api/v1/update: wrong bearer token") })
        #expect(warnings.contains { $0.contains("refused POST /login: wrong admin token at sign-in") })
        let everything = logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!everything.contains("s3cr3t"))
        #expect(!everything.contains(WebFixture.token))
    }
}
