public import ISOStore

/// A regular file found by ``ISOFileFinder``.
public struct FoundFile: Hashable, Sendable {
    /// Absolute path.
    public var absolutePath: String
    /// Path relative to the directory that was searched, `/`-separated.
    public var relativePath: String
    public var stamp: FileStamp
    /// How many hard links the file has (`st_nlink`): more than one means the same bytes also
    /// live under another name, possibly outside the directory searched.
    public var linkCount: Int

    public init(absolutePath: String, relativePath: String, stamp: FileStamp, linkCount: Int = 1) {
        self.absolutePath = absolutePath
        self.relativePath = relativePath
        self.stamp = stamp
        self.linkCount = linkCount
    }

    /// The last path component.
    public var fileName: String { String(relativePath.split(separator: "/").last ?? Substring(relativePath)) }
}
