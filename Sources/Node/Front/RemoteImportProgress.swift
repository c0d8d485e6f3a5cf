/// How far `import URL` has got with one file: for the progress line on stderr.
public struct RemoteImportProgress: Sendable {
    /// The file's URL.
    public var file: String
    public var bytesDone: Int64
    public var totalBytes: Int64
    /// The recent transfer rate.
    public var bytesPerSecond: Double
}
