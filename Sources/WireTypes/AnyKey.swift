/// A coding key for any string, for objects assembled field by field.
public struct AnyKey: CodingKey {
    public let stringValue: String
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init(_ stringValue: String) { self.stringValue = stringValue }
    public var intValue: Int? { nil }
    public init?(intValue: Int) { nil }
}
