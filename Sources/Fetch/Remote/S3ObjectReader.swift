import Foundation

/// An S3 object opened by ``S3Bucket/openForReading(_:)``: ranged GETs of
/// ``S3Bucket/readAheadSize`` bytes, kept so that sequential reads of any size cost one request
/// per window.
final class S3ObjectReader: RemoteFileReader {
    let size: Int64
    private let bucket: S3Bucket
    private let path: String
    private var window = Data()
    private var windowOffset: Int64 = 0

    init(bucket: S3Bucket, path: String, size: Int64) {
        self.bucket = bucket
        self.path = path
        self.size = size
    }

    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(FetchError) -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        if offset < windowOffset || offset >= windowOffset + Int64(window.count) {
            let length = min(Int64(max(buffer.count, S3Bucket.readAheadSize)), size - offset)
            window = try fetch(offset..<offset + length)
            windowOffset = offset
        }
        let start = Int(offset - windowOffset)
        let count = min(buffer.count, window.count - start)
        window.withUnsafeBytes { bytes in
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + start, byteCount: count)
        }
        return count
    }

    private func fetch(_ range: Range<Int64>) throws(FetchError) -> Data {
        try bucket.read(path, range: range)
    }
}
