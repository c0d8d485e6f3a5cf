/// An error that ends a command with a one-line message and a documented exit code (design §8).
struct CLIError: Error, CustomStringConvertible {
    static let runtimeFailureCode: Int32 = 1
    static let invalidInputCode: Int32 = 2

    let message: String
    let exitCode: Int32

    /// Bad selection, manifest, file or arguments: exit 2.
    static func invalidInput(_ message: String) -> Self { Self(message: message, exitCode: invalidInputCode) }
    /// Network, disk or verification failure: exit 1.
    static func failure(_ message: String) -> Self { Self(message: message, exitCode: runtimeFailureCode) }

    var description: String { message }
}
