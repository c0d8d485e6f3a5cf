public import Common
import Synchronization

/// Whether the node is stopping, and why (design §10): set once, by the scale-in watch when IMDS
/// says `Terminated` or by the drain service at the group's graceful shutdown (SIGTERM, SIGINT).
/// From then on the node takes no new work (``DrainingUpdateLauncher``; the web API answers 503
/// for changes) and only hands over what it holds.
public final class DrainState: Sendable {
    /// Why the node is stopping.
    public enum Reason: String, Sendable {
        /// The instance leaves its autoscaling group (IMDS target lifecycle state `Terminated`):
        /// the lifecycle action is completed once drained.
        case scaleIn = "scale-in"
        /// SIGTERM or SIGINT.
        case signal
    }

    private let reason = Mutex<Reason?>(nil)

    /// Serving.
    public init() {}

    /// Starts draining for `reason` unless draining already; returns the reason in force.
    @discardableResult
    public func begin(_ reason: Reason) -> Reason {
        self.reason.withLock { current in
            if let current { return current }
            current = reason
            return reason
        }
    }

    /// Why the node drains; nil while serving.
    public var current: Reason? { reason.withLock { $0 } }

    /// True once draining began.
    public var isDraining: Bool { current != nil }

    /// The error refused work carries: code ``DaemonError/Code/draining``, naming the reason.
    public func refusal(_ what: String) -> DaemonError {
        DaemonError(.draining, "the node is stopping (\(current?.rawValue ?? "shutdown")): \(what) refused")
    }
}
