/// An image the node holds (or is placing), as the update planner sees it.
public struct Holding: Hashable, Sendable {
    public var identity: ImageIdentity
    /// Relative to the repository root (an absolute path is accepted only if inside the root).
    public var path: String
    /// How it was acquired; only `.manifest` images are deleted without `prune`.
    public var source: AcquisitionSource
    /// Ids of the selections it was acquired for (`PlannedSelection.id`).
    public var selectionIDs: Set<String>
    public var state: HoldingState
    /// The file's SHA-256 when it was hashed (64 lower-case hex digits), else nil.
    public var sha256: String?

    public init(
        identity: ImageIdentity, path: String, source: AcquisitionSource,
        selectionIDs: Set<String> = [], state: HoldingState = .verified, sha256: String? = nil
    ) {
        self.identity = identity
        self.path = path
        self.source = source
        self.selectionIDs = selectionIDs
        self.state = state
        self.sha256 = sha256
    }
}
