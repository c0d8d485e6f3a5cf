import Foundation

/// Runs blocking work (libcurl transfers, file hashing, fsync) on a thread of its own, never on
/// the Swift concurrency pool, and resumes the awaiting task with the result.
enum DedicatedThread {
    /// Runs `body` on a new thread named `name` and returns its result.
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }

    /// Runs `body` on its own thread; cancelling the awaiting task sets `flag`, which `body` polls.
    static func run<T: Sendable>(
        name: String, cancel flag: CancelFlag, _ body: @escaping @Sendable () -> T
    ) async -> T {
        await withTaskCancellationHandler {
            await run(name: name, body)
        } onCancel: {
            flag.set()
        }
    }

    /// Runs a throwing `body` on its own thread and rethrows its error in the awaiting task.
    static func run<T: Sendable>(
        name: String, cancel flag: CancelFlag = CancelFlag(),
        throwing body: @escaping @Sendable () throws(FetchError) -> T
    ) async throws(FetchError) -> T {
        let result = await run(name: name, cancel: flag) { () -> Result<T, FetchError> in
            do throws(FetchError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
