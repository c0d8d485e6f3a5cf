/// Why a selection resolved to nothing.
public struct ResolutionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// The manifest has no images at all.
        case emptyManifest
        /// No image fits the selection.
        case noMatch
    }

    public var code: Code
    /// One line naming the selection.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
