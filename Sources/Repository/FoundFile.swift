public import ISOStore

/// A regular file found by ``ISOFileFinder``.
public struct FoundFile: Hashable, Sendable {
    /// Absolute path.
    public var absolutePath: String
    /// Path relative to the directory that was searched, `/`-separated.
    public var relativePath: String
    public var stamp: FileStamp

    public init(absolutePath: String, relativePath: String, stamp: FileStamp) {
        self.absolutePath = absolutePath
        self.relativePath = relativePath
        self.stamp = stamp
    }

    /// The last path component.
    public var fileName: String { String(relativePath.split(separator: "/").last ?? Substring(relativePath)) }
}
