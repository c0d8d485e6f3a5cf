import Foundation
import Testing

@testable import Fetch

/// The pure parts: retry pauses, Content-Range parsing, header collection, request checks.
struct FetchUnitTests {
    @Test(
        arguments: [
            (1, 0.5, 1.0), (2, 0.5, 2.0), (3, 0.5, 4.0), (4, 0.5, 8.0), (6, 0.5, 30.0), (20, 0.5, 30.0),
            (1, 0.0, 0.8), (1, 1.0, 1.2), (3, 0.0, 3.2), (6, 1.0, 36.0),
        ] as [(Int, Double, Double)])
    func retryPausesGrowAndAreCappedWithJitter(retry: Int, random: Double, seconds: Double) {
        let delay = RetryPolicy().delay(beforeRetry: retry, random: random)
        #expect(abs(delay.seconds - seconds) < 1e-6, "retry \(retry): \(delay)")
    }

    @Test(
        arguments: [
            ("bytes 100-199/1000", ContentRange(first: 100, last: 199, total: 1000)),
            ("bytes 0-0/*", ContentRange(first: 0, last: 0, total: nil)),
            ("bytes */5000", ContentRange(first: nil, last: nil, total: 5000)),
            ("Bytes 5-9/10", ContentRange(first: 5, last: 9, total: 10)),
        ] as [(String, ContentRange)])
    func contentRangeParses(text: String, expected: ContentRange) {
        #expect(ContentRange(parsing: text) == expected)
    }

    @Test(arguments: ["items 1-2/3", "bytes 9-1/10", "bytes 1-2", "bytes x-2/3", "bytes 1-2/-4", ""])
    func malformedContentRangeIsRejected(text: String) {
        #expect(ContentRange(parsing: text) == nil)
    }

    @Test func headersStartOverAtEachStatusLine() {
        var headers = ResponseHeaders()
        for line in [
            "HTTP/1.1 302 Found\r\n", "Location: /b\r\n", "ETag: \"old\"\r\n", "\r\n",
            "HTTP/1.1 200 OK\r\n", "etag: \"new\"\r\n", "Content-Range: bytes 0-1/2\r\n", "\r\n",
        ] {
            headers.consume(line)
        }
        #expect(headers.statusLine == "HTTP/1.1 200 OK")
        #expect(headers.value("ETag") == "\"new\"")
        #expect(headers.value("Location") == nil)
        #expect(headers.contentRange == ContentRange(first: 0, last: 1, total: 2))
    }

    @Test func unusableRequestsAreRefusedBeforeAnyTransfer() async {
        let fetcher = ImageFetcher()
        let ftp = await fetchError {
            try await fetcher.fetch(FetchRequest(mirrors: [URL(string: "ftp://x/a.iso")!], destination: "/tmp/x"))
        }
        #expect(ftp?.code == .invalidRequest)
        let none = await fetchError { try await fetcher.fetch(FetchRequest(mirrors: [], destination: "/tmp/x")) }
        #expect(none?.code == .invalidRequest)
        let digest = await fetchError {
            try await fetcher.fetch(
                FetchRequest(
                    mirrors: [URL(string: "http://127.0.0.1/a.iso")!], destination: "/tmp/x", expectedSHA256: "abc"))
        }
        #expect(digest?.code == .invalidRequest)
    }

    @Test func retryableFailures() {
        let url = URL(string: "http://x/")!
        #expect(FetchError(.http(status: 503), url: url, "").isRetryable)
        #expect(FetchError(.http(status: 429), url: url, "").isRetryable)
        #expect(FetchError(.timeout, url: url, "").isRetryable)
        #expect(!FetchError(.http(status: 404), url: url, "").isRetryable)
        #expect(!FetchError(.checksumMismatch, url: url, "").isRetryable)
        #expect(!FetchError(.tls, url: url, "").isRetryable)
    }
}
