/// Where a running sync stands, reported after each image and while an image uploads.
public struct MirrorSyncProgress: Sendable, Hashable {
    /// Uploads finished (landed or failed) of ``uploadsTotal``.
    public var uploadsDone: Int
    public var uploadsTotal: Int
    /// The image being uploaded or verified, if any.
    public var path: String?
    /// Bytes of ``path`` sent or read back so far, of ``bytesTotal``.
    public var bytesDone: Int64
    public var bytesTotal: Int64

    public init(uploadsDone: Int, uploadsTotal: Int, path: String? = nil, bytesDone: Int64 = 0, bytesTotal: Int64 = 0) {
        self.uploadsDone = uploadsDone
        self.uploadsTotal = uploadsTotal
        self.path = path
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
    }
}
