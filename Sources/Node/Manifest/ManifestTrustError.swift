/// Why a manifest's signature, a signing key or a `manifest.keys` entry cannot be used: one line.
public struct ManifestTrustError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
