import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body (the page's forms).
struct FormFields: Sendable {
    private var values: [String: [String]] = [:]

    /// Parses `text`: `a=1&b=x+y`, `+` as space, percent-escapes decoded; malformed escapes kept as is.
    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[key, default: []].append(value)
        }
    }

    /// Reads and parses the request body, at most `limit` bytes (the context's upload size by
    /// default): 413 beyond, on the `Content-Length` alone when it says so.
    static func read(_ request: Request, context: WebRequestContext, limit: Int? = nil) async throws -> FormFields {
        let limit = limit ?? context.maxUploadSize
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError(.contentTooLarge, "form larger than \(limit) bytes")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw APIError(.contentTooLarge, "form larger than \(limit) bytes")
        }
        return FormFields(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// The first value of `key`, trimmed; nil when absent or empty.
    subscript(key: String) -> String? {
        guard let value = values[key]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty
        else { return nil }
        return value
    }

    /// Every non-empty value of `key`, trimmed, in the order sent (ticked checkboxes of one name).
    func all(_ key: String) -> [String] {
        (values[key] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The first value of `key` as sent (untrimmed), or nil.
    func raw(_ key: String) -> String? { values[key]?.first }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
