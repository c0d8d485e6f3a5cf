import Dispatch

/// Runs blocking work (hashing, copying, SQLite) on a Dispatch thread instead of the cooperative
/// pool, whose few threads must never wait on disk for long.
public enum BlockingWork {
    /// The value `work` returns, computed on a global Dispatch queue.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

}
