/// Why a layout template was refused, or why it could not place an image.
public struct LayoutError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case emptyTemplate
        case absolutePath
        case unbalancedBrace
        case unknownPlaceholder
        case emptySegment
        case parentReference
        case invalidCharacter
        /// `{file_name}` used but the image has none.
        case missingValue
        /// An identity value or file name would add or escape a directory (`/`, `..`, control character).
        case unsafeValue
    }

    public var code: Code
    /// One line naming the template (or image) and what is wrong.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
