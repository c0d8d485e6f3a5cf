/// Conversions between the shim's fixed-size C arrays and Swift values.
enum CInterop {
    /// The NUL-terminated string stored in a C `char[N]` (imported as a tuple).
    static func string<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }

    /// The NUL-terminated string in a `[CChar]` buffer the shim filled.
    static func string(fromCArray array: [CChar]) -> String {
        let end = array.firstIndex(of: 0) ?? array.count
        return String(decoding: array[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The bytes of a C `uint8_t[N]` (imported as a tuple).
    static func bytes<T>(_ tuple: T) -> [UInt8] {
        withUnsafeBytes(of: tuple) { Array($0) }
    }

    /// Lower-case hexadecimal.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of a hex string, or nil when it is not `count` bytes of hex.
    static func bytes(hex: String, count: Int) -> [UInt8]? {
        let characters = Array(hex.utf8)
        guard characters.count == count * 2 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(count)
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let high = nibble(characters[index]), let low = nibble(characters[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
