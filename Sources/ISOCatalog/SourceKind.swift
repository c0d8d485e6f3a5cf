/// The kind of source a fetch starts from, as `update --dry-run --json` names it.
public enum SourceKind: String, Hashable, Sendable, Codable, CaseIterable {
    case torrent, magnet, http, s3, smb, nfs, file
}

extension ImageSources {
    /// The kind a fetch prefers: the swarm first (`torrent`, then `magnet`), then `http`, then
    /// remote storage (`s3`, `smb`, `nfs`, `file`); `nil` when there is no source.
    public var preferredKind: SourceKind? {
        if torrent != nil { return .torrent }
        if magnet != nil { return .magnet }
        if !http.isEmpty { return .http }
        if !s3.isEmpty { return .s3 }
        if !smb.isEmpty { return .smb }
        if !nfs.isEmpty { return .nfs }
        if !file.isEmpty { return .file }
        return nil
    }
}
