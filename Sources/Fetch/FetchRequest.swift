public import Foundation

/// One image to download: where from, where to, and what it must look like.
public struct FetchRequest: Sendable, Hashable {
    /// URLs of the same file, tried in this order: `http://`, `https://`, `s3://`, `smb://`,
    /// `nfs://`, `file://` (see ``RemoteLocation``).
    public var mirrors: [URL]
    /// The incomplete file to write (normally inside the data directory's `incomplete/`). A file
    /// already there is resumed; the caller promotes it once the fetch succeeds.
    public var destination: String
    /// The size from the manifest, when known: a larger body or a disagreeing `Content-Length`
    /// fails the mirror.
    public var expectedSize: Int64?
    /// The SHA-256 from the manifest (64 hex digits), when known: a mismatch discards the bytes and
    /// moves on to the next mirror.
    public var expectedSHA256: String?

    public init(mirrors: [URL], destination: String, expectedSize: Int64? = nil, expectedSHA256: String? = nil) {
        self.mirrors = mirrors
        self.destination = destination
        self.expectedSize = expectedSize
        self.expectedSHA256 = expectedSHA256?.lowercased()
    }

    /// Throws ``FetchError/Code/invalidRequest`` when the request cannot be attempted.
    func validate() throws(FetchError) {
        guard !mirrors.isEmpty else {
            throw FetchError(.invalidRequest, url: nil, "no mirror to fetch \(destination) from")
        }
        for mirror in mirrors where !["http", "https"].contains(mirror.scheme?.lowercased() ?? "") {
            guard RemoteLocation(mirror.absoluteString) != nil else {
                throw FetchError(
                    .invalidRequest, url: mirror,
                    "unsupported URL \(mirror.absoluteString): only http, https, s3, smb, nfs and file")
            }
        }
        if let expectedSHA256, expectedSHA256.count != 64 || !expectedSHA256.allSatisfy(\.isHexDigit) {
            throw FetchError(
                .invalidRequest, url: mirrors[0], "expected SHA-256 \"\(expectedSHA256)\" is not 64 hex digits")
        }
        if let expectedSize, expectedSize < 0 {
            throw FetchError(.invalidRequest, url: mirrors[0], "expected size \(expectedSize) is negative")
        }
    }
}
