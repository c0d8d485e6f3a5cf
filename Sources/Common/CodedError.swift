/// The error shape every target shares: a code to branch on, one line for people, and the
/// underlying error. A target declares its domain (an empty enum) and its codes, then names the
/// specialisation: `public typealias StoreError = CodedError<StoreFailure>`.
///
/// `code` is stable for callers that branch on it (the command line maps `invalidInput`-like
/// codes to exit 2); `message` names what failed and on what; `description` adds the cause.
public struct CodedError<Domain: ErrorDomain>: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure; the domain declares its values as static members.
    public typealias Code = ErrorCode<Domain>

    public let code: Code
    /// One line naming what failed and on what.
    public let message: String
    /// The underlying error, if any.
    public let cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// As the domain prints it: by default the message followed by its cause (`cannot write
    /// inventory …: No space left on device`).
    public var description: String { Domain.describe(code: code, message: message, cause: cause) }

    /// Same code, message and (printed) cause.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
            && lhs.cause.map { "\($0)" } == rhs.cause.map { "\($0)" }
    }
}

/// The kind of failure within one domain. Extensible: a domain adds codes as static members in
/// an `extension ErrorCode where Domain == …`, without breaking callers.
public struct ErrorCode<Domain>: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// A family of failures (the store, the catalog, discovery, …): the tag that makes one
/// ``CodedError`` type distinct from another.
public protocol ErrorDomain: Sendable {
    /// How an error of this domain prints (``CodedError/description``).
    static func describe(code: ErrorCode<Self>, message: String, cause: (any Error)?) -> String
}

extension ErrorDomain {
    /// The message followed by its cause, when there is one.
    public static func describe(code: ErrorCode<Self>, message: String, cause: (any Error)?) -> String {
        guard let cause else { return message }
        return "\(message): \(cause)"
    }
}
