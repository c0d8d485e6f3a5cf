/// Why an Ed25519 key could not be read or used: one line naming what is wrong.
public struct Ed25519Error: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
