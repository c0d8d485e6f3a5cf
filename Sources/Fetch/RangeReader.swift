public import Foundation

/// Reads byte ranges of a remote file into memory (HTTP `Range`, answered with 206), with the
/// retries of ``FetchSettings/retry``: how pieces of an image are taken from the origin to feed the
/// swarm.
public struct RangeReader: Sendable {
    public let settings: FetchSettings
    private let sleeper: any FetchSleeper
    private let random: @Sendable () -> Double

    public init(
        settings: FetchSettings = FetchSettings(), sleeper: any FetchSleeper = TaskSleeper(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.settings = settings
        self.sleeper = sleeper
        self.random = random
    }

    /// The bytes `range` (inclusive offsets) of `url` (http, https or file).
    public func read(_ url: URL, range: ClosedRange<Int64>) async throws(FetchError) -> Data {
        guard range.lowerBound >= 0, range.upperBound - range.lowerBound < Int64(Int32.max) else {
            throw FetchError(
                .invalidRequest, url: url,
                "bad byte range \(range.lowerBound)-\(range.upperBound) for \(url.absoluteString)")
        }
        let settings = settings
        let length = Int(range.upperBound - range.lowerBound + 1)
        let response = try await RetryingFetch(settings: settings, sleeper: sleeper, random: random).run(url) {
            cancel throws(FetchError) in
            try MemoryTransfer(
                url: url, settings: settings, maxBytes: length, cancel: cancel, ifNoneMatch: nil,
                ifModifiedSince: nil, range: range
            ).run()
        }
        guard case .fetched(let data, _, _) = response else {
            throw FetchError(.badResponse, url: url, "\(url.absoluteString): no body for a range request")
        }
        return data
    }
}
