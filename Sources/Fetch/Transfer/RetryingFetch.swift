import Common
import Foundation

/// Runs one in-memory transfer on its own thread, retrying retryable failures with the settings'
/// backoff (``RetryPolicy``); cancelling the task cancels the transfer.
struct RetryingFetch {
    let settings: FetchSettings
    let sleeper: any FetchSleeper
    let random: @Sendable () -> Double

    /// `transfer` for `url` (one of `schemes`: http, https or file unless told), at most
    /// `settings.retry.maxAttemptsPerMirror` times.
    func run<Result: Sendable>(
        _ url: URL, schemes: [String] = ["http", "https", "file"],
        _ transfer: @escaping @Sendable (CancelFlag) throws(FetchError) -> Result
    ) async throws(FetchError) -> Result {
        guard schemes.contains(url.scheme?.lowercased() ?? "") else {
            throw FetchError(
                .invalidRequest, url: url,
                "unsupported URL \(url.absoluteString): only \(schemes.joined(separator: ", "))")
        }
        var failuresInARow = 0
        while true {
            let cancel = CancelFlag()
            do throws(FetchError) {
                return try await OffPool.run("isofleet-fetch-memory", cancel: cancel) { () throws(FetchError) in
                    try transfer(cancel)
                }
            } catch {
                failuresInARow += 1
                guard error.isRetryable, failuresInARow < settings.retry.maxAttemptsPerMirror else { throw error }
                do {
                    try await sleeper.sleep(for: settings.retry.delay(beforeRetry: failuresInARow, random: random()))
                } catch {
                    throw .cancelled(url)
                }
            }
        }
    }
}
