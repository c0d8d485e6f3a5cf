public import Common
public import Digest
import Foundation

/// The origin's side of signed manifests: reads a PEM private key (`openssl genpkey -algorithm
/// ed25519`) and writes a manifest's detached signature beside it (`MANIFEST.sig`, see
/// ``ManifestSignature``). Signing again with another key adds its line (rotation); with the same
/// key, replaces it.
public enum ManifestSigning {
    /// The private key in the PEM file at `path`.
    /// - Throws: ``RequestError`` `invalidInput` naming the file.
    public static func privateKey(at path: String) throws(RequestError) -> Ed25519PrivateKey {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw RequestError(.invalidInput, "cannot read the key \(path): \(error.localizedDescription)")
        }
        do { return try Ed25519PrivateKey(pem: data) } catch {
            throw RequestError(.invalidInput, "\(path): \(error.message)")
        }
    }

    /// Signs the manifest at `manifestPath` with `key` into `signaturePath` (default
    /// `manifestPath + ".sig"`), keeping the lines of other keys already there.
    /// - Returns: the signature file's path.
    /// - Throws: ``RequestError``: `invalidInput` for a missing manifest or an unreadable existing
    ///   signature, `failure` when the file cannot be written.
    @discardableResult
    public static func sign(
        manifestAt manifestPath: String, with key: Ed25519PrivateKey, signaturePath: String? = nil
    ) throws(RequestError) -> String {
        let output = signaturePath ?? manifestPath + ".sig"
        let manifest: Data
        do { manifest = try Data(contentsOf: URL(fileURLWithPath: manifestPath)) } catch {
            throw RequestError(.invalidInput, "cannot read the manifest \(manifestPath): \(error.localizedDescription)")
        }
        var existing = ManifestSignature()
        if let old = FileManager.default.contents(atPath: output) {
            do { existing = try ManifestSignature.parse(old) } catch {
                throw RequestError(.invalidInput, "\(output): \(error.message); remove it to start afresh")
            }
            // Lines of other keys that no longer verify belonged to an older manifest: dropped.
            existing.entries = existing.entries.filter { $0.publicKey.isValidSignature($0.signature, for: manifest) }
        }
        let signed: ManifestSignature
        do { signed = try existing.signing(manifest, with: key) } catch {
            throw RequestError(.failure, error.message)
        }
        do { try signed.rendered().write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            throw RequestError(.failure, "cannot write \(output): \(error.localizedDescription)")
        }
        return output
    }
}

extension ManifestSigning {
    /// The base64 public half of the PEM private key at `path` (what `manifest.keys` lists).
    public static func publicKey(ofKeyAt path: String) throws(RequestError) -> String {
        try privateKey(at: path).publicKey.base64
    }

    /// Signs the manifest at `manifestPath` with the PEM private key at `keyPath`; see
    /// ``sign(manifestAt:with:signaturePath:)``.
    /// - Returns: the signature file's path and the key's base64 public half.
    @discardableResult
    public static func sign(
        manifestAt manifestPath: String, keyAt keyPath: String, signaturePath: String? = nil
    ) throws(RequestError) -> (path: String, publicKey: String) {
        let key = try privateKey(at: keyPath)
        return (try sign(manifestAt: manifestPath, with: key, signaturePath: signaturePath), key.publicKey.base64)
    }
}
