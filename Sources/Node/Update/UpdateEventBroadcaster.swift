import Foundation
import Synchronization

/// Hands every event to every current subscriber. Subscribers that fall behind lose the oldest
/// events (progress is a snapshot; the next one supersedes it).
final class UpdateEventBroadcaster: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<UpdateEvent>.Continuation]>([:])

    /// A new stream of the events published from now on; it ends when the consumer stops iterating.
    func subscribe(buffer: Int = 512) -> AsyncStream<UpdateEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: UpdateEvent.self, bufferingPolicy: .bufferingNewest(buffer))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    func publish(_ event: UpdateEvent) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(event) }
    }
}
