import Synchronization

/// Failed sign-ins by client address, as token buckets (issue 15, item 14): each address may fail
/// ``burst`` times at once, then once per ``refill``; past that every attempt from it, right or
/// wrong, is answered 429 with `Retry-After` until a try is due again. A wrong token at `/login`
/// and a wrong `Authorization: Bearer` count alike. At most ``capacity`` addresses are tracked;
/// beyond that the ones that have earned back every try, then the longest quiet, are forgotten.
final class SignInThrottle: Sendable {
    let burst: Double
    let refill: Duration
    let capacity: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    private struct Bucket {
        var tries: Double
        var updated: ContinuousClock.Instant
    }

    init(burst: Int = 10, refill: Duration = .seconds(6), capacity: Int = 10_000) {
        self.burst = Double(burst)
        self.refill = refill
        self.capacity = capacity
    }

    /// How long `client` must wait before its next try; nil when it may try now.
    func wait(for client: String, now: ContinuousClock.Instant = .now) -> Duration? {
        buckets.withLock { buckets in
            guard let bucket = buckets[client] else { return nil }
            let tries = refilled(bucket, now: now)
            guard tries < 1 else { return nil }
            return refill * (1 - tries)
        }
    }

    /// Counts a failed try from `client`.
    func failed(_ client: String, now: ContinuousClock.Instant = .now) {
        buckets.withLock { buckets in
            let tries = buckets[client].map { refilled($0, now: now) } ?? burst
            buckets[client] = Bucket(tries: max(0, tries - 1), updated: now)
            if buckets.count > capacity { forgetSome(&buckets, now: now) }
        }
    }

    /// The addresses tracked (at most ``capacity``).
    var tracked: Int { buckets.withLock { $0.count } }

    private func refilled(_ bucket: Bucket, now: ContinuousClock.Instant) -> Double {
        min(burst, bucket.tries + (now - bucket.updated) / refill)
    }

    private func forgetSome(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        buckets = buckets.filter { refilled($0.value, now: now) < burst }
        while buckets.count > capacity, let quiet = buckets.min(by: { $0.value.updated < $1.value.updated }) {
            buckets[quiet.key] = nil
        }
    }
}
