/// Where a held image stands on disk.
public enum ImageState: String, Hashable, Sendable, Codable, CaseIterable {
    /// The file is at its path; its checksum, when known, matched when last computed.
    case present
    /// The file is at its path but its checksum is being (re)computed or compared.
    case verifying
    /// The file was not found at its path by the last scan. The row is kept (links, `added`)
    /// so the image can be fetched again; it is left out of `inventory.json`.
    case missing
}
