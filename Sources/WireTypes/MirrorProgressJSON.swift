/// How far a running mirror sync is.
public struct MirrorProgressJSON: Codable, Sendable, Equatable {
    public var uploadsDone: Int
    public var uploadsTotal: Int
    /// The image being uploaded or read back, if any.
    public var path: String?
    public var bytesDone: Int64
    public var bytesTotal: Int64

    public init(uploadsDone: Int, uploadsTotal: Int, path: String?, bytesDone: Int64, bytesTotal: Int64) {
        self.uploadsDone = uploadsDone
        self.uploadsTotal = uploadsTotal
        self.path = path
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
    }

    enum CodingKeys: String, CodingKey {
        case path
        case uploadsDone = "uploads_done"
        case uploadsTotal = "uploads_total"
        case bytesDone = "bytes_done"
        case bytesTotal = "bytes_total"
    }
}
