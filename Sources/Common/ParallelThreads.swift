import Foundation

/// Blocking work split over a fixed number of threads: transfers that wait on the network, where
/// `DispatchQueue.concurrentPerform` would run only as many at once as there are CPUs.
public enum ParallelThreads {
    /// Calls `body(0)` on this thread and `body(1)` … `body(count - 1)` on new threads named
    /// `name`, all at once, and returns when every call has returned. `body` must be safe to call
    /// from several threads at once.
    public static func run(_ name: String, count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            // Safe to share: every thread has returned before `body` stops being valid.
            let shared = UncheckedBody(call: body)
            let group = DispatchGroup()
            for index in 1..<max(1, count) {
                group.enter()
                let thread = Thread {
                    shared.call(index)
                    group.leave()
                }
                thread.name = name
                thread.start()
            }
            body(0)
            group.wait()
        }
    }

    private struct UncheckedBody: @unchecked Sendable {
        let call: (Int) -> Void
    }
}
