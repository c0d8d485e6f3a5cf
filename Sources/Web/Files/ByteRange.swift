/// What a `Range` header asks of a file of a given size (RFC 9110 §14), for one range.
///
/// Only a single `bytes=` range is honoured. A header that is not one (another unit, several
/// ranges, bad syntax) is ignored and the whole file is sent, as RFC 9110 allows.
enum ByteRange: Equatable {
    /// No usable range: send the whole file with 200.
    case whole
    /// Send these bytes with 206 and `Content-Range`.
    case partial(ClosedRange<Int64>)
    /// The range starts beyond the end: 416 with `Content-Range: bytes */SIZE`.
    case unsatisfiable

    /// Evaluates `header` (the `Range` value, or nil) against a file of `size` bytes.
    static func evaluate(_ header: String?, size: Int64) -> ByteRange {
        guard let header else { return .whole }
        let trimmed = header.trimmingSpaces
        guard trimmed.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = trimmed.dropFirst("bytes=".count).trimmingSpaces
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingSpaces
        let last = spec[spec.index(after: dash)...].trimmingSpaces
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit) else { return .whole }

        if first.isEmpty {
            // Suffix range: the last N bytes.
            guard let count = Int64(last) else { return last.isEmpty ? .whole : .partial(0...max(0, size - 1)) }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - count)...(size - 1))
        }
        guard let start = Int64(first) else { return .unsatisfiable }
        let end: Int64
        if last.isEmpty {
            end = size - 1
        } else if let given = Int64(last) {
            guard given >= start else { return .whole }
            end = min(given, size - 1)
        } else {
            end = size - 1  // an end beyond Int64: to the end of the file
        }
        guard start < size else { return .unsatisfiable }
        return .partial(start...end)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
