/// Where a torrent is in its life.
public enum TorrentState: String, Sendable, Hashable {
    case checkingFiles = "checking"
    case downloadingMetadata = "metadata"
    case downloading
    /// Everything wanted is here (not necessarily every file).
    case finished
    case seeding
    case checkingResumeData = "checking-resume"
    case unknown

    init(_ raw: Int32) {
        self =
            switch raw {
            case 1: .checkingFiles
            case 2: .downloadingMetadata
            case 3: .downloading
            case 4: .finished
            case 5: .seeding
            case 7: .checkingResumeData
            default: .unknown
            }
    }
}
