public import Digest
public import Foundation

/// The detached signature of a manifest (`manifest.json.sig` beside `manifest.json`, fetched from
/// the manifest URL's path + `.sig`): Ed25519 over the manifest file's exact bytes.
///
/// A small text file (UTF-8), one signature per line after the format line; blank lines and
/// lines starting with `#` are ignored:
///
///     isofleet-signature/1
///     ed25519 <base64 of the 32-byte public key> <base64 of the 64-byte signature>
///
/// A publisher rotating keys signs with both (two `ed25519` lines); a node accepts the manifest
/// when any line verifies under any key of `manifest.keys`. The public key on a line only says
/// which key made it: lines of keys the node does not trust are ignored.
public struct ManifestSignature: Sendable, Hashable {
    /// The first line of every signature file.
    public static let format = "isofleet-signature/1"

    /// One signature: the key that made it and the 64 signature bytes.
    public struct Entry: Sendable, Hashable {
        public var publicKey: Ed25519PublicKey
        public var signature: [UInt8]
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    /// Reads a signature file.
    /// - Throws: ``ManifestTrustError`` naming the line that is not a signature.
    public static func parse(_ data: Data) throws(ManifestTrustError) -> ManifestSignature {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestTrustError("the signature file is not UTF-8 text")
        }
        var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .enumerated().filter { !$0.element.isEmpty && !$0.element.hasPrefix("#") }
        guard let first = lines.first, first.element == format else {
            throw ManifestTrustError("the signature file does not start with \(format)")
        }
        lines.removeFirst()
        var entries: [Entry] = []
        for (offset, line) in lines {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count == 3, fields[0] == "ed25519", let key = Ed25519PublicKey(base64: fields[1]),
                let signature = Data(base64Encoded: fields[2]), signature.count == 64
            else {
                throw ManifestTrustError(
                    "line \(offset + 1) of the signature file is not 'ed25519 PUBLIC_KEY SIGNATURE' (base64)")
            }
            entries.append(Entry(publicKey: key, signature: [UInt8](signature)))
        }
        return ManifestSignature(entries: entries)
    }

    /// The file's bytes: the format line, then one line per entry.
    public func rendered() -> Data {
        let lines =
            [Self.format]
            + entries.map { "ed25519 \($0.publicKey.base64) \(Data($0.signature).base64EncodedString())" }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// This signature with `key`'s signature of `manifest` in place of any earlier one by that key
    /// (other keys' lines are kept, for rotation).
    public func signing(_ manifest: Data, with key: Ed25519PrivateKey) throws(Ed25519Error) -> ManifestSignature {
        let entry = Entry(publicKey: key.publicKey, signature: try key.signature(for: manifest))
        return ManifestSignature(entries: entries.filter { $0.publicKey != key.publicKey } + [entry])
    }

    /// The trusted key one of whose signatures verifies `manifest`, or nil.
    public func signer(of manifest: Data, among trusted: [Ed25519PublicKey]) -> Ed25519PublicKey? {
        for entry in entries where trusted.contains(entry.publicKey) {
            if entry.publicKey.isValidSignature(entry.signature, for: manifest) { return entry.publicKey }
        }
        return nil
    }
}
