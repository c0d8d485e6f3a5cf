public import ISOCatalog

/// An image an operator adds by hand (`catalog add`): the file and what it is.
public struct CatalogAddition: Sendable, Hashable {
    /// The ISO file: inside the repository (registered in place) or outside (placed at its layout path).
    public var file: String
    public var identity: ImageIdentity
    public var displayName: String?
    /// When given, the file must hash to it.
    public var sha256: String?
    /// How a file outside the repository is brought in.
    public var mode: ImportMode

    public init(
        file: String, identity: ImageIdentity, displayName: String? = nil, sha256: String? = nil,
        mode: ImportMode = .copy
    ) {
        self.file = file
        self.identity = identity
        self.displayName = displayName
        self.sha256 = sha256
        self.mode = mode
    }
}
