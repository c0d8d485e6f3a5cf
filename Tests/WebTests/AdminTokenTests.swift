import Common
import Foundation
import Node
import Repository
import TestSupport
import Testing

/// The admin token: generated once with mode 0600, reused, and beaten by configuration.
struct AdminTokenTests {
    @Test func generatedTokenIsPrivateAndReused() throws {
        let directory = try TemporaryDirectory(prefix: "token")
        let data = DataDirectory(directory.path)
        let first = try AdminToken.resolve(configured: nil, dataDirectory: data)
        #expect(first.origin == .generated(data.adminToken))
        #expect(first.value.count == 64)
        #expect(first.value.allSatisfy { $0.isHexDigit })
        var info = stat()
        #expect(stat(data.adminToken, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)

        let second = try AdminToken.resolve(configured: nil, dataDirectory: data)
        #expect(second.value == first.value)
        #expect(second.origin == .file(data.adminToken))
    }

    @Test func looseModeIsTightened() throws {
        let directory = try TemporaryDirectory(prefix: "token")
        let data = DataDirectory(directory.path)
        try "hand-written\n".write(toFile: data.adminToken, atomically: false, encoding: .utf8)
        chmod(data.adminToken, 0o644)
        #expect(try AdminToken.resolve(configured: nil, dataDirectory: data).value == "hand-written")
        var info = stat()
        #expect(stat(data.adminToken, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func configuredTokenWinsAndWritesNothing() throws {
        let directory = try TemporaryDirectory(prefix: "token")
        let data = DataDirectory(directory.path)
        let token = try AdminToken.resolve(configured: "from-config-0123456789", dataDirectory: data)
        #expect(token.value == "from-config-0123456789")
        #expect(token.origin == .configured)
        #expect(!FileManager.default.fileExists(atPath: data.adminToken))
    }

    /// Issue 15, item 14: a configured token under 16 characters is refused (exit 2 at start),
    /// the message naming the key and the minimum, never the token.
    @Test func item14_shortConfiguredTokenIsRefused() throws {
        let directory = try TemporaryDirectory(prefix: "token")
        let data = DataDirectory(directory.path)
        #expect(throws: DaemonError.self) { try AdminToken.resolve(configured: "fifteen-chars!!", dataDirectory: data) }
        do {
            _ = try AdminToken.resolve(configured: "fifteen-chars!!", dataDirectory: data)
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("admin.token") && error.message.contains("16"))
            #expect(!error.message.contains("fifteen-chars"))
        }
        #expect(try AdminToken.resolve(configured: "sixteen-chars!!!", dataDirectory: data).value == "sixteen-chars!!!")
        #expect(!FileManager.default.fileExists(atPath: data.adminToken))
    }
}
