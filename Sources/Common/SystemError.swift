import Foundation

/// An `errno` value that prints as the system's message (`No space left on device`).
public struct SystemError: Error, Sendable, CustomStringConvertible {
    public let code: Int32

    public init(code: Int32) { self.code = code }

    /// The current `errno`.
    public static var current: SystemError { SystemError(code: errno) }

    public var description: String { String(cString: strerror(code)) }
}
