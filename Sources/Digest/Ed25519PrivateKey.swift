internal import COpenSSL
public import Foundation

/// An Ed25519 private key, read from the PEM that `openssl genpkey -algorithm ed25519` writes
/// (an unencrypted `PRIVATE KEY` block). Signs with OpenSSL's EVP Ed25519.
public struct Ed25519PrivateKey: Sendable {
    /// The 32-byte seed; never printed.
    private let seed: [UInt8]
    /// The matching public key.
    public let publicKey: Ed25519PublicKey

    /// Reads an unencrypted PEM private key.
    /// - Throws: ``Ed25519Error`` when the text is not an unencrypted Ed25519 private key.
    public init(pem: Data) throws(Ed25519Error) {
        let key: OpaquePointer? = pem.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            // An empty passphrase callback: an encrypted key fails rather than prompting.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let key else {
            throw Ed25519Error("not an unencrypted PEM private key (make one with: openssl genpkey -algorithm ed25519)")
        }
        defer { EVP_PKEY_free(key) }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 else {
            throw Ed25519Error("the PEM private key is not an Ed25519 key (openssl genpkey -algorithm ed25519)")
        }
        var seed = [UInt8](repeating: 0, count: 32)
        var seedLength = seed.count
        var raw = [UInt8](repeating: 0, count: 32)
        var rawLength = raw.count
        guard EVP_PKEY_get_raw_private_key(key, &seed, &seedLength) == 1, seedLength == 32,
            EVP_PKEY_get_raw_public_key(key, &raw, &rawLength) == 1, rawLength == 32,
            let publicKey = Ed25519PublicKey(rawBytes: raw)
        else {
            throw Ed25519Error("cannot read the Ed25519 key's bytes")
        }
        self.seed = seed
        self.publicKey = publicKey
    }

    /// The 64-byte Ed25519 signature of exactly `message`.
    /// - Throws: ``Ed25519Error`` when OpenSSL cannot sign (out of memory).
    public func signature(for message: Data) throws(Ed25519Error) -> [UInt8] {
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count) else {
            throw Ed25519Error("OpenSSL cannot load the Ed25519 key")
        }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { throw Ed25519Error("OpenSSL is out of memory") }
        defer { EVP_MD_CTX_free(context) }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = signature.count
        let signed = message.withUnsafeBytes { bytes in
            EVP_DigestSignInit(context, nil, nil, nil, key) == 1
                && EVP_DigestSign(
                    context, &signature, &length, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count) == 1
        }
        guard signed, length == 64 else { throw Ed25519Error("OpenSSL could not sign with the Ed25519 key") }
        return signature
    }
}
