public import Foundation

/// Writes deterministic pseudo-random "ISO images": the same seed and size give the same bytes on
/// every machine, so tests compare digests without committing data.
public enum ImageGenerator {
    /// The bytes for `seed` and `size` (xorshift64*, little-endian words).
    public static func bytes(seed: UInt64, size: Int) -> Data {
        var data = Data(count: size)
        data.withUnsafeMutableBytes { buffer in
            var state = seed &+ 0x9E37_79B9_7F4A_7C15
            var offset = 0
            while offset < size {
                state ^= state >> 12
                state ^= state << 25
                state ^= state >> 27
                var word = (state &* 0x2545_F491_4F6C_DD1D).littleEndian
                let count = min(8, size - offset)
                withUnsafeBytes(of: &word) { wordBytes in
                    buffer.baseAddress!.advanced(by: offset).copyMemory(from: wordBytes.baseAddress!, byteCount: count)
                }
                offset += count
            }
        }
        return data
    }

    /// Writes `size` bytes for `seed` to `path`, creating parent directories; returns the path.
    @discardableResult
    public static func write(to path: String, seed: UInt64, size: Int) throws -> String {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes(seed: seed, size: size).write(to: url)
        return path
    }
}
