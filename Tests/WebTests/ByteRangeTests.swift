import Testing

@testable import Web

/// The `Range` header evaluation behind `/files/…`, table-driven.
struct ByteRangeTests {
    @Test(
        arguments: [
            (nil, ByteRange.whole),
            ("bytes=0-9", .partial(0...9)),
            ("bytes=10-", .partial(10...99)),
            ("bytes=-10", .partial(90...99)),
            ("bytes=-1000", .partial(0...99)),
            ("bytes=90-1000", .partial(90...99)),
            ("bytes=99-99", .partial(99...99)),
            ("bytes=100-", .unsatisfiable),
            ("bytes=100-200", .unsatisfiable),
            ("bytes=-0", .unsatisfiable),
            ("bytes=9-0", .whole),
            ("bytes=0-1,5-6", .whole),
            ("items=0-9", .whole),
            ("bytes=a-b", .whole),
            ("bytes=", .whole),
        ] as [(String?, ByteRange)])
    func evaluates(header: String?, expected: ByteRange) {
        #expect(ByteRange.evaluate(header, size: 100) == expected)
    }

    @Test func emptyFileHasNoSatisfiableRange() {
        #expect(ByteRange.evaluate("bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange.evaluate("bytes=-5", size: 0) == .unsatisfiable)
    }
}
