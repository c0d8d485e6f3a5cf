import Fetch
import Synchronization

/// Collects the progress reports of a fetch (they arrive on a transfer thread).
final class ProgressLog: Sendable {
    private let reports = Mutex<[FetchProgress]>([])

    var all: [FetchProgress] { reports.withLock { $0 } }

    /// Pass as the `progress:` argument.
    var callback: @Sendable (FetchProgress) -> Void {
        { progress in self.reports.withLock { $0.append(progress) } }
    }
}
