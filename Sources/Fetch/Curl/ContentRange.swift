import Foundation

/// A `Content-Range` value: `bytes FIRST-LAST/TOTAL`, or `bytes */TOTAL` in a 416 answer;
/// TOTAL may be `*` (unknown).
struct ContentRange: Equatable {
    var first: Int64?
    var last: Int64?
    var total: Int64?

    init(first: Int64?, last: Int64?, total: Int64?) {
        self.first = first
        self.last = last
        self.total = total
    }

    init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bytes" else { return nil }
        let rangeAndTotal = parts[1].split(separator: "/", omittingEmptySubsequences: false)
        guard rangeAndTotal.count == 2 else { return nil }
        let range = rangeAndTotal[0].trimmingCharacters(in: .whitespaces)
        let total = rangeAndTotal[1].trimmingCharacters(in: .whitespaces)
        if total == "*" {
            self.total = nil
        } else {
            guard let value = Int64(total), value >= 0 else { return nil }
            self.total = value
        }
        if range == "*" {
            first = nil
            last = nil
            return
        }
        let bounds = range.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first <= last else {
            return nil
        }
        self.first = first
        self.last = last
    }
}
