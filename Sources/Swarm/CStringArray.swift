import Foundation

/// Lends a Swift string array to C as `const char *const *` plus a count.
enum CStringArray {
    /// Calls `body` with NUL-terminated copies of `strings`, valid only during the call.
    static func with<Result, Failure: Error>(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, Int) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer<CChar>($0) }
        return try pointers.withUnsafeBufferPointer { (buffer) throws(Failure) -> Result in
            try body(buffer.baseAddress, buffer.count)
        }
    }
}
