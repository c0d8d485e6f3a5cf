public import Foundation

/// Finds an object key written twice in a JSON document.
///
/// Parsers disagree on such documents: Foundation's `JSONDecoder` keeps the first value, Python
/// and most others the last, so two readers of one manifest (or API body) could act on different
/// values. isofleet refuses them instead. Keys are compared after unescaping (`"a"` and `"\u0061"`
/// are one key) and as Swift strings (canonically equivalent spellings are one key, as in the
/// dictionaries the decoder builds). Use it on manifests (``Manifest/parse(_:)`` does) and on
/// every JSON request body before decoding it.
public enum JSONDuplicateKeys {
    /// Nesting deeper than this is left to the decoder, which refuses it.
    static let maximumDepth = 512

    /// The path of the first key that appears twice in one object, e.g. `images[2].sha256`
    /// (`$` for the top level's own keys is left out: `format`); nil when every object's keys are
    /// distinct, or when `data` is not JSON at all (the decoder reports that).
    public static func firstDuplicate(in data: Data) -> String? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self))
            do throws(Stop) {
                scanner.skipSpace()
                try scanner.value(depth: 0)
                return nil
            } catch {
                if case .duplicate(let path) = error { return path }
                return nil
            }
        }
    }

    private enum Stop: Error {
        case duplicate(String)
        case malformed
    }

    /// One step of the path to the current value: an object key or an array index.
    private enum Step {
        case key(String)
        case index(Int)
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Where the scanner is, rendered only when a duplicate is found.
        var path: [Step] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        func rendered(adding key: String) -> String {
            var text = ""
            for step in path {
                switch step {
                case .key(let name): text += text.isEmpty ? name : "." + name
                case .index(let offset): text += "[\(offset)]"
                }
            }
            return text.isEmpty ? key : text + "." + key
        }

        mutating func skipSpace() {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(Stop) {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw .malformed }
            index += 1
        }

        mutating func value(depth: Int) throws(Stop) {
            guard depth < JSONDuplicateKeys.maximumDepth else { throw .malformed }
            skipSpace()
            guard index < bytes.count else { throw .malformed }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): try skipString()
            default:
                // A number or a literal: everything up to the next delimiter.
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
                        || Self.isSpace(byte)
                    {
                        break
                    }
                    index += 1
                }
                if index == start { throw .malformed }
            }
        }

        mutating func object(depth: Int) throws(Stop) {
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            var keys = Set<String>()
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw .malformed }
                let key = try keyString()
                guard keys.insert(key).inserted else { throw .duplicate(rendered(adding: key)) }
                try expect(UInt8(ascii: ":"))
                path.append(.key(key))
                try value(depth: depth + 1)
                path.removeLast()
                skipSpace()
                guard index < bytes.count else { throw .malformed }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return
                } else {
                    throw .malformed
                }
            }
        }

        mutating func array(depth: Int) throws(Stop) {
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            var offset = 0
            while true {
                path.append(.index(offset))
                try value(depth: depth + 1)
                path.removeLast()
                offset += 1
                skipSpace()
                guard index < bytes.count else { throw .malformed }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return
                } else {
                    throw .malformed
                }
            }
        }

        /// Skips a string value starting at its opening quote.
        mutating func skipString() throws(Stop) {
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return
                case UInt8(ascii: "\\"): index += 2
                default: index += 1
                }
            }
            throw .malformed
        }

        /// Reads a key starting at its opening quote: its text with escapes resolved.
        mutating func keyString() throws(Stop) -> String {
            let start = index + 1
            try skipString()
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
            guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
            var units: [UInt16] = []
            var position = 0
            while position < raw.count {
                let byte = raw[position]
                guard byte == UInt8(ascii: "\\") else {
                    // Copy the run of plain bytes up to the next escape.
                    var end = position
                    while end < raw.count, raw[end] != UInt8(ascii: "\\") { end += 1 }
                    units.append(
                        contentsOf: String(decoding: UnsafeBufferPointer(rebasing: raw[position..<end]), as: UTF8.self)
                            .utf16)
                    position = end
                    continue
                }
                guard position + 1 < raw.count else { throw .malformed }
                let escaped = raw[position + 1]
                position += 2
                switch escaped {
                case UInt8(ascii: "u"):
                    guard position + 4 <= raw.count,
                        let unit = UInt16(
                            String(
                                decoding: UnsafeBufferPointer(rebasing: raw[position..<position + 4]), as: UTF8.self),
                            radix: 16)
                    else { throw .malformed }
                    units.append(unit)
                    position += 4
                case UInt8(ascii: "b"): units.append(0x08)
                case UInt8(ascii: "f"): units.append(0x0C)
                case UInt8(ascii: "n"): units.append(0x0A)
                case UInt8(ascii: "r"): units.append(0x0D)
                case UInt8(ascii: "t"): units.append(0x09)
                default: units.append(UInt16(escaped))
                }
            }
            return String(decoding: units, as: UTF16.self)
        }
    }
}
