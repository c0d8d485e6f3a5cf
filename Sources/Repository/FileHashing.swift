import Digest

/// Computes the SHA-256 of a file: `(path, progress) -> 64 hex digits`. Injected so tests can
/// count how often files are hashed.
public typealias FileHashing = @Sendable (_ path: String, _ progress: ((Int64) -> Void)?) throws -> String

/// The production ``FileHashing``: ``FileDigest/sha256(ofFileAt:progress:)``.
public let defaultFileHashing: FileHashing = { path, progress in
    try FileDigest.sha256(ofFileAt: path, progress: progress)
}
