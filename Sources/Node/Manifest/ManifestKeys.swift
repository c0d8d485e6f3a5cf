public import Digest
import Foundation

/// Reads `manifest.keys`: the Ed25519 public keys a manifest must be signed by (comma-separated).
///
/// Each entry is either the base64 of the key's 32 raw bytes (what `isofleet manifest sign --key
/// KEY --print-public-key` prints), or an absolute path to a file holding that base64 or a PEM
/// `PUBLIC KEY` block (`openssl pkey -in KEY -pubout`). Several keys are valid at once: rotation
/// (docs/origin.md).
public enum ManifestKeys {
    /// The keys of `entries`, in order, duplicates dropped.
    /// - Throws: ``ManifestTrustError`` naming the entry that is not a key.
    public static func parse(_ entries: [String]) throws(ManifestTrustError) -> [Ed25519PublicKey] {
        var keys: [Ed25519PublicKey] = []
        for entry in entries {
            let key = try parse(entry: entry)
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// One entry: base64, or an absolute path to a base64 or PEM file.
    ///
    /// An entry that decodes as a 32-byte key is that key, even when it starts with `/` (one base64
    /// key in 64 does): a path is tried only when the entry is not a key.
    public static func parse(entry: String) throws(ManifestTrustError) -> Ed25519PublicKey {
        let trimmed = entry.trimmingCharacters(in: .whitespaces)
        if let key = Ed25519PublicKey(base64: trimmed) { return key }
        guard trimmed.hasPrefix("/") else {
            throw ManifestTrustError(
                "manifest.keys: '\(trimmed)' is neither the base64 of a 32-byte Ed25519 public key nor an absolute path"
            )
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: trimmed)) } catch {
            throw ManifestTrustError("manifest.keys: cannot read \(trimmed): \(error.localizedDescription)")
        }
        if let text = String(data: data, encoding: .utf8), let key = Ed25519PublicKey(base64: text) { return key }
        do { return try Ed25519PublicKey(pem: data) } catch {
            throw ManifestTrustError(
                "manifest.keys: \(trimmed) holds neither a base64 Ed25519 public key nor a PEM one (\(error.message))")
        }
    }
}
