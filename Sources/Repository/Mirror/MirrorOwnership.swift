public import Foundation

/// What a fleet put on a mirror: the record (`.isofleet-mirror.json` at the mirror's root) of every
/// file isofleet uploaded there, with its size and SHA-256. A sync only ever replaces or deletes a
/// path listed here; a file someone else put on the mirror is left alone.
///
/// A path is recorded before its upload starts, so a node that dies between the upload's rename
/// and the record's rewrite still owns what it put there.
public struct MirrorOwnership: Codable, Sendable, Equatable {
    /// One uploaded file.
    public struct OwnedFile: Codable, Sendable, Equatable {
        public var size: Int64
        public var sha256: String
        /// True once the file was read back (or its size checked, ``MirrorVerification``) after
        /// the upload; false while the upload is under way or failed.
        public var verified: Bool
        /// When the upload finished (or started, while `verified` is false).
        public var uploaded: Date

        public init(size: Int64, sha256: String, verified: Bool, uploaded: Date) {
            self.size = size
            self.sha256 = sha256
            self.verified = verified
            self.uploaded = uploaded
        }
    }

    /// The record's name at the mirror's root.
    public static let fileName = ".isofleet-mirror.json"
    /// The format written in ``format``.
    public static let currentFormat = "isofleet-mirror/1"
    /// A record larger than this is refused as damaged.
    static let maximumBytes = 16 << 20

    public var format: String
    /// Every file isofleet put on the mirror, by path relative to the mirror's root.
    public var files: [String: OwnedFile]
    /// Files someone else put at an image's layout path that were read back and found identical
    /// to the image: counted as held without reading them again while their size holds, never
    /// replaced nor deleted.
    public var identical: [String: OwnedFile]?

    public init(files: [String: OwnedFile] = [:], identical: [String: OwnedFile]? = nil) {
        format = Self.currentFormat
        self.files = files
        self.identical = identical
    }

    /// The record as written: sorted keys, RFC 3339 dates.
    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Decodes a record; nil when `data` is not one.
    static func decode(_ data: Data) -> MirrorOwnership? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let record = try? decoder.decode(MirrorOwnership.self, from: data),
            record.format == currentFormat
        else { return nil }
        return record
    }
}
