import Foundation

extension Configuration {
    /// The largest size any setting takes: 1 EiB. Larger values (and numbers that overflow) are
    /// refused as input.
    public static let maximumByteCount: Int64 = 1 << 60

    /// The value of `key` read as a byte count: `4096`, `16k`, `700M`, `64G`, `1T` (powers of 1024,
    /// any case, an optional `B` or `iB` after the unit).
    /// - Throws: ``ConfigurationError`` naming the key and the accepted form and range.
    public func byteCount(_ key: ConfigurationKey) throws(ConfigurationError) -> Int64? {
        guard let text = self[key] else { return nil }
        guard let count = Self.parseByteCount(text) else {
            throw ConfigurationError(
                "\(key.name): '\(text)' is not a size (e.g. 4096, 16k, 700M, 64G; at most 1048576T, 1 EiB)")
        }
        return count
    }

    /// `text` as a byte count from 0 to ``maximumByteCount``; nil otherwise.
    static func parseByteCount(_ text: String) -> Int64? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        if digits.hasSuffix("ib") {
            digits = digits.dropLast(2)  // 16KiB
        } else if digits.hasSuffix("b") {
            digits = digits.dropLast()  // 16kB, 4096B
        }
        let units: [Character: Int64] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40]
        var factor: Int64 = 1
        if let last = digits.last, let unit = units[last] {
            factor = unit
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int64(digits), number >= 0 else {
            return nil
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: factor)
        guard !overflow, product <= maximumByteCount else { return nil }
        return product
    }
}
