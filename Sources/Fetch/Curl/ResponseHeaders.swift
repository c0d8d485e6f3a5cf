import Foundation

/// The header fields of the current response, collected line by line from libcurl's header
/// callback. A status line starts a new response (redirects and `100 Continue` come first).
struct ResponseHeaders {
    private(set) var statusLine: String?
    private var fields: [(name: String, value: String)] = []

    /// Takes one raw header line, with or without its CRLF.
    mutating func consume(_ rawLine: String) {
        let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            statusLine = line
            fields.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        fields.append((name, value))
    }

    /// The last value of the field `name` (case-insensitive).
    func value(_ name: String) -> String? {
        fields.last { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The parsed `Content-Range` field, when present and well-formed.
    var contentRange: ContentRange? { value("Content-Range").flatMap(ContentRange.init(parsing:)) }
}
