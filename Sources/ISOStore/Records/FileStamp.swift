/// What a file looked like when its checksum was computed: size and modification time.
///
/// A scan that finds the same stamp on a file trusts the stored checksum instead of rehashing.
public struct FileStamp: Hashable, Sendable {
    /// Size in bytes.
    public var size: Int64
    /// Modification time in nanoseconds since the epoch (`st_mtim`).
    public var modificationTimeNanoseconds: Int64

    public init(size: Int64, modificationTimeNanoseconds: Int64) {
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
    }
}
