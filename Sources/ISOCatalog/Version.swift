/// An image version as its publisher writes it: `22.04.3`, `12.5.0`, `23H2`.
///
/// Components stay strings (`"04"` stays `"04"`). Equality is exact; the numeric-aware order
/// used to pick the best image lives in `Version+Ordering.swift`.
public struct Version: Hashable, Sendable {
    /// The first component, always present.
    public var major: String
    /// The second component, if the publisher writes one.
    public var minor: String?
    /// The third component, if the publisher writes one.
    public var patch: String?

    public init(major: String, minor: String? = nil, patch: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// The present components, in order.
    public var components: [String] { [major, minor, patch].compactMap { $0 } }
}

extension Version: CustomStringConvertible {
    /// The present components joined with dots: `22.04.3`, `23H2`.
    public var description: String { components.joined(separator: ".") }
}

extension Version: Codable {
    private enum CodingKeys: String, CodingKey { case major, minor, patch }

    /// Decodes `{"major": …, "minor": …, "patch": …}` where each component is a JSON string or
    /// an integer (which becomes its decimal string). `minor` and `patch` may be absent or null.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        major = try Self.component(.major, in: container)!
        minor = try Self.component(.minor, in: container)
        patch = try Self.component(.patch, in: container)
    }

    /// Encodes all three keys; an absent component is `null`, so scripts always find the key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(major, forKey: .major)
        try container.encode(minor, forKey: .minor)
        try container.encode(patch, forKey: .patch)
    }

    private static func component(
        _ key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>
    ) throws -> String? {
        if key != .major, try !container.contains(key) || container.decodeNil(forKey: key) {
            return nil
        }
        if let integer = try? container.decode(Int.self, forKey: key) {
            return String(integer)
        }
        return try container.decode(String.self, forKey: key)
    }
}
