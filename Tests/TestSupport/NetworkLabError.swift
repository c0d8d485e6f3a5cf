/// A lab that could not be set up: the `ip`/`tc` command that failed and what it said.
public struct NetworkLabError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
