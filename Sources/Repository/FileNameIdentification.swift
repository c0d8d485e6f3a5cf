public import ISOCatalog

/// The one place the node turns a file name into an identity: the domain's `FileNameParser`,
/// shared by `scan`, `import` and `parse-name`.
public enum FileNameIdentification {
    /// The identity for `path` (relative, so layout paths round-trip), or why there is none.
    public static func identity(of path: String) -> Result<ImageIdentity, FileNameParseError> {
        FileNameParser.parse(path)
    }
}
