public import Digest
public import Foundation
public import ISOCatalog

/// What a node demands of a manifest before it acts on it (docs/origin.md, "Trust"):
/// - ``keys`` (`manifest.keys`): when any is given, the manifest must carry a detached Ed25519
///   signature (``ManifestSignature``) by one of them, or it is refused as a whole: `sync` exits 2
///   and the last good manifest stays in force.
/// - ``allowUnverified`` (`manifest.allow_unverified`, default off): an image without `sha256` is
///   refused on its own — the update run reports it failed and fetches the rest; with it on, such
///   an image is fetched (checked by its size or torrent only) but never served under `/files/`
///   nor listed in the node's `/manifest.json`.
public struct ManifestTrust: Sendable, Hashable {
    /// The keys a signature must verify under; empty: signatures are not asked for.
    public var keys: [Ed25519PublicKey]
    /// Whether images without `sha256` may be fetched.
    public var allowUnverified: Bool

    public init(keys: [Ed25519PublicKey] = [], allowUnverified: Bool = false) {
        self.keys = keys
        self.allowUnverified = allowUnverified
    }

    /// True when manifests must be signed.
    public var requiresSignature: Bool { !keys.isEmpty }

    /// Why `image` may not be fetched, or nil when it may.
    public func refusal(of image: ManifestImage) -> String? {
        guard image.sha256 == nil, !allowUnverified else { return nil }
        return "\(image.identity): the manifest gives no sha256, so its bytes cannot be verified; refused "
            + "(manifest.allow_unverified = on fetches it, never to be served under /files/)"
    }

    /// Checks `signature` (the `.sig` file's bytes, nil when there is none) against `manifest`'s
    /// exact bytes; the problem in one line, or nil when a trusted key signed it.
    public func problem(withSignature signature: Data?, of manifest: Data, signatureURL: String) -> String? {
        guard requiresSignature else { return nil }
        guard let signature else {
            return "it is not signed (no \(signatureURL)), and manifest.keys requires a signature"
        }
        let parsed: ManifestSignature
        do { parsed = try ManifestSignature.parse(signature) } catch {
            return "its signature \(signatureURL) is unreadable: \(error.message)"
        }
        guard parsed.signer(of: manifest, among: keys) != nil else {
            return "its signature \(signatureURL) does not verify under any key of manifest.keys"
        }
        return nil
    }
}
