public import ISOCatalog

/// An image an update run could not fetch or place; nothing was placed at its path.
public struct FailedFetch: Error, Sendable, Hashable {
    public var identity: ImageIdentity
    public var path: String
    /// One line naming the image and what each source did.
    public var reason: String

    public init(identity: ImageIdentity, path: String, reason: String) {
        self.identity = identity
        self.path = path
        self.reason = reason
    }
}
