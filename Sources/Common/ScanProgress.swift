/// How far a scan has got, reported while it hashes.
public struct ScanProgress: Sendable {
    /// Files examined so far, of `filesTotal` ISO files found.
    public var filesDone: Int
    public var filesTotal: Int
    /// Bytes hashed so far, of `bytesToHash` that need hashing (files new or changed).
    public var bytesHashed: Int64
    public var bytesToHash: Int64
    /// The file being hashed, relative to the repository root.
    public var currentPath: String?

    public init(filesDone: Int, filesTotal: Int, bytesHashed: Int64, bytesToHash: Int64, currentPath: String?) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.bytesHashed = bytesHashed
        self.bytesToHash = bytesToHash
        self.currentPath = currentPath
    }
}
