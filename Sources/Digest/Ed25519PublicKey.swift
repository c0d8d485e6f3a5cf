internal import COpenSSL
public import Foundation

/// An Ed25519 public key: 32 raw bytes, written as their base64 (44 characters) in configuration
/// (`manifest.keys`) and signature files. Verification runs OpenSSL's EVP Ed25519 (RFC 8032, pure
/// Ed25519 over the message's exact bytes).
public struct Ed25519PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes of the key.
    public let rawBytes: [UInt8]

    /// A key from its 32 raw bytes; nil for any other length.
    public init?(rawBytes: [UInt8]) {
        guard rawBytes.count == 32 else { return nil }
        self.rawBytes = rawBytes
    }

    /// A key from the base64 of its 32 raw bytes (surrounding blanks ignored); nil otherwise.
    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return nil
        }
        self.init(rawBytes: [UInt8](data))
    }

    /// A key from a PEM `PUBLIC KEY` block (`openssl pkey -pubout`).
    /// - Throws: ``Ed25519Error`` when the text holds no Ed25519 public key.
    public init(pem: Data) throws(Ed25519Error) {
        let key: OpaquePointer? = pem.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PUBKEY(bio, nil, nil, nil)
        }
        guard let key else { throw Ed25519Error("not a PEM public key") }
        defer { EVP_PKEY_free(key) }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 else {
            throw Ed25519Error("the PEM public key is not an Ed25519 key")
        }
        var raw = [UInt8](repeating: 0, count: 32)
        var length = raw.count
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == 32 else {
            throw Ed25519Error("cannot read the Ed25519 public key's bytes")
        }
        rawBytes = raw
    }

    /// The base64 of the 32 raw bytes.
    public var base64: String { Data(rawBytes).base64EncodedString() }

    public var description: String { base64 }

    /// True when `signature` (64 bytes) is this key's Ed25519 signature of exactly `message`.
    public func isValidSignature(_ signature: [UInt8], for message: Data) -> Bool {
        guard signature.count == 64,
            let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, rawBytes, rawBytes.count)
        else { return false }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else { return false }
        return message.withUnsafeBytes { bytes in
            EVP_DigestVerify(
                context, signature, signature.count, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count) == 1
        }
    }
}
