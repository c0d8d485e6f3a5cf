public import Foundation

/// RFC 3339 timestamps as the JSON files of design §3–§4 write them: `2026-11-27T08:15:00Z`,
/// with fractional seconds only when the date has them.
public enum RFC3339 {
    /// Formats `date` in UTC; fractional seconds (milliseconds) appear only when non-zero.
    public static func string(from date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = whole == date.timeIntervalSince1970
            ? [.withInternetDateTime]
            : [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Parses `2026-11-27T08:15:00Z`, `2026-11-27T08:15:00.250+02:00` and the like; `nil` if not RFC 3339.
    public static func date(from string: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: string) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: string)
    }

    /// For `JSONEncoder.dateEncodingStrategy`.
    static func encode(_ date: Date, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string(from: date))
    }

    /// For `JSONDecoder.dateDecodingStrategy`.
    static func decode(from decoder: any Decoder) throws -> Date {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = date(from: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an RFC 3339 date-time")
        }
        return date
    }

    /// A JSON encoder for the project's files: sorted keys, pretty, unescaped slashes, RFC 3339 dates.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom(encode)
        return encoder
    }

    /// A JSON decoder reading RFC 3339 dates.
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(decode)
        return decoder
    }
}
