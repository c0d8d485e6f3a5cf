public import Common
import Digest

/// The SHA-256 of a local file, as every part of the node computes it (`isofleet hash`).
public enum FileChecksum {
    /// 64 lowercase hex digits; `failure` naming the file when it cannot be read.
    public static func sha256(ofFileAt path: String) throws(RequestError) -> String {
        do { return try FileDigest.sha256(ofFileAt: path) } catch { throw RequestError(.failure, error.description) }
    }
}
