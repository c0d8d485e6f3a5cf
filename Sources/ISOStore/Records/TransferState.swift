/// Where a transfer into `incomplete/` stands.
public enum TransferState: String, Hashable, Sendable, Codable, CaseIterable {
    case queued
    case running
    case paused
    /// Stopped with an error; `Transfer.error` says why.
    case failed
    /// All bytes received and verified; the image is being placed.
    case complete
}
