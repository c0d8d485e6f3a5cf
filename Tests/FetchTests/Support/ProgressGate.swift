import Fetch
import Foundation
import Synchronization
import TestSupport

/// Holds a fetch's transfer thread inside its progress callback once `threshold` bytes are kept,
/// until the test calls ``release()``: a fast loopback transfer stopped at a known point.
final class ProgressGate: Sendable {
    let threshold: Int64
    private let held = Mutex<Int64?>(nil)
    private let gate = DispatchSemaphore(value: 0)

    init(threshold: Int64) { self.threshold = threshold }

    var callback: @Sendable (FetchProgress) -> Void {
        { progress in
            guard progress.bytesDone >= self.threshold else { return }
            let first = self.held.withLock { held in
                if held != nil { return false }
                held = progress.bytesDone
                return true
            }
            if first { self.gate.wait() }
        }
    }

    /// Waits until the transfer is held; returns the bytes it had kept then.
    func waitUntilHeld() async throws -> Int64 {
        try await Poll.until(timeout: .seconds(30), "the transfer to pass \(threshold) bytes") { held.withLock { $0 } }
    }

    /// Lets the held transfer go on.
    func release() { gate.signal() }
}
