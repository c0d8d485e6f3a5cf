public import Foundation

/// The answer to a conditional GET.
public enum ConditionalResponse: Sendable, Equatable {
    /// The document has not changed since the validators given: HTTP 304, or a file:// whose
    /// ETag (modification time in nanoseconds and size) is the one given.
    case notModified
    /// The document, with the validators to send next time.
    case fetched(data: Data, etag: String?, lastModified: Date?)
}
