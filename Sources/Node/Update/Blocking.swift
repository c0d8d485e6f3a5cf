import Foundation

/// Runs blocking work (fsync, rename, hashing a file, SQLite writes with an inventory rewrite) on
/// a thread of its own, so that Swift's cooperative pool — two threads on a two-CPU machine — keeps
/// serving every other task meanwhile.
enum Blocking {
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
