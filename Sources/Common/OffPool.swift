import Foundation

/// Runs blocking work (libcurl transfers, hashing, copying, fsync, SQLite, getaddrinfo) on a
/// thread of its own, never on Swift's cooperative pool, whose few threads (two on a two-CPU
/// machine) must keep serving every other task meanwhile.
///
/// Each call gets a named thread, so a profile or a backtrace says whose work it is.
public enum OffPool {
    /// The value `body` returns, computed on a new thread named `name`.
    public static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }

    /// Runs a throwing `body` on its own thread and rethrows its error in the awaiting task.
    public static func run<T: Sendable, E: Error>(
        _ name: String, throwing body: @escaping @Sendable () throws(E) -> T
    ) async throws(E) -> T {
        let result = await run(name) { () -> Result<T, E> in
            do throws(E) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Like ``run(_:_:)``; cancelling the awaiting task calls `onCancel` (which tells `body` to
    /// stop, for example by setting a flag it polls).
    public static func run<T: Sendable>(
        _ name: String, onCancel: @escaping @Sendable () -> Void, _ body: @escaping @Sendable () -> T
    ) async -> T {
        await withTaskCancellationHandler {
            await run(name, body)
        } onCancel: {
            onCancel()
        }
    }
}
