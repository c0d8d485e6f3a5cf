/// Why `FileNameParser` could not tell an image's identity from a name.
public struct FileNameParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// Nothing to parse.
        case empty
        /// The name does not end in `.iso`.
        case notISO
        /// An ISO name matching no known publisher pattern nor the default layout.
        case unrecognised
    }

    public var code: Code
    /// The input as given.
    public var input: String
    /// One line: `cannot parse "NAME": …`.
    public var message: String

    public init(_ code: Code, input: String, detail: String) {
        self.code = code
        self.input = input
        self.message = "cannot parse \"\(input)\": \(detail)"
    }

    public var description: String { message }
}
