public import Foundation

/// A fresh directory under the system's temporary directory, removed when the value is dropped.
///
/// Keep it alive for as long as the test uses the files: `let dir = try TemporaryDirectory()`.
public final class TemporaryDirectory: Sendable {
    /// Absolute path of the directory.
    public let path: String

    /// Creates `…/isofleet-PREFIX-UUID/`.
    public init(prefix: String = "test") throws {
        path = FileManager.default.temporaryDirectory.path + "/isofleet-\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The absolute path of `relative` inside this directory.
    public func appending(_ relative: String) -> String { path + "/" + relative }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
