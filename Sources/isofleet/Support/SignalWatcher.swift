import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into an awaitable event, so a foreground command can stop cleanly
/// (save resume data, shut the session down) instead of dying mid-write.
final class SignalWatcher: @unchecked Sendable {
    // @unchecked: `sources` is written once in init and only kept to hold the dispatch sources
    // alive; their handlers only yield into `stream`'s continuation, which is Sendable.
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    /// Starts watching; the default actions of the signals are disabled until the process exits.
    init(signals: [Int32] = [SIGINT, SIGTERM]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Returns the first signal received.
    func next() async -> Int32 {
        for await number in stream { return number }
        return SIGTERM
    }
}
