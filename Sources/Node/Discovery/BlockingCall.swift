import Foundation

/// Runs blocking work (getaddrinfo, libcurl) on a thread of its own, never on the Swift
/// concurrency pool, and resumes the awaiting task with the result.
enum BlockingCall {
    static func run<T: Sendable>(
        name: String, _ body: @escaping @Sendable () throws(DiscoveryError) -> T
    ) async throws(DiscoveryError) -> T {
        let result: Result<T, DiscoveryError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(DiscoveryError) { continuation.resume(returning: .success(try body())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = name
            thread.start()
        }
        return try result.get()
    }
}
