/// How a file outside the layout is brought to its layout path.
public enum ImportMode: String, Hashable, Sendable, CaseIterable {
    /// Copy the bytes (hashing them on the way); the source stays.
    case copy
    /// Hard-link, then remove the source; copy then remove across file systems.
    case move
    /// Hard-link; copy (with a note) when the source is on another file system.
    case link
}
