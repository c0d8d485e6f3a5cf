/// Why `inventory.json` could not be read or written.
public struct InventoryError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// Not JSON, or not an array of entries.
        case malformed
        /// An entry has a wrong or missing field.
        case invalidEntry
        /// Two entries share a path.
        case duplicatePath
        /// Encoding failed.
        case encoding
    }

    public var code: Code
    /// One line naming the entry (by index) and field at fault.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
