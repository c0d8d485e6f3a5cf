import Foundation

/// An `errno` value that prints as the system's message (`No space left on device`).
struct SystemError: Error, CustomStringConvertible {
    let code: Int32

    /// The current `errno`.
    static var current: SystemError { SystemError(code: errno) }

    var description: String { String(cString: strerror(code)) }
}
