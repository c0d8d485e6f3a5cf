public import Foundation

/// The upstream list of images that can be fetched (design §3, format `isofleet-manifest/1`).
///
/// Build one from bytes with `Manifest.parse(_:)` (in `Manifest+Validation.swift`), which
/// applies every validation rule; the memberwise initialiser trusts its caller.
public struct Manifest: Hashable, Sendable, Codable {
    /// The only format this version reads and writes.
    public static let format = "isofleet-manifest/1"

    public var format: String
    /// When the publisher generated it.
    public var generated: Date?
    public var images: [ManifestImage]

    public init(generated: Date? = nil, images: [ManifestImage]) {
        self.format = Self.format
        self.generated = generated
        self.images = images
    }
}
