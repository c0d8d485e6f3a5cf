import Foundation

/// The bytes libFuzzer hands a target, as the types the parsers take.
enum FuzzInput {
    /// The input as `Data`.
    static func data(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Data { Data(bytes: bytes, count: count) }

    /// The input as text when it is UTF-8; nil otherwise (the parsers take `String`, which is
    /// always valid Unicode, so invalid UTF-8 never reaches them).
    static func text(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String? {
        String(validating: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Stops the run with a message libFuzzer keeps beside the crashing input.
    static func violated(_ property: String, _ input: String) -> Never {
        fatalError("property violated: \(property) — input: \(input.debugDescription)")
    }
}
