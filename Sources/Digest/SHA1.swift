internal import COpenSSL
public import Foundation

/// An incremental SHA-1 over OpenSSL's EVP interface: the piece hashes and info-hash of a v1
/// torrent, nothing else (SHA-1 is not an integrity check here; the whole file's SHA-256 is).
/// Not thread-safe: one owner at a time.
public struct SHA1: ~Copyable {
    private let context: OpaquePointer

    /// Starts a new digest.
    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha1(), nil) == 1 else {
            fatalError("OpenSSL could not initialise SHA-1 (out of memory)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `bytes` to the digest.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Ends the digest, returns its 20 bytes and starts a new one (the next piece's).
    public mutating func finalizeAndReset() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        EVP_DigestInit_ex(context, EVP_sha1(), nil)
        return Array(digest.prefix(Int(length)))
    }

    /// The SHA-1 of `data`, as 40 lower-case hex digits.
    public static func hex(of data: Data) -> String {
        var hasher = SHA1()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeAndReset().hexString
    }
}
