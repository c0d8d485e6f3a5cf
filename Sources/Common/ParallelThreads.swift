import Foundation

/// Blocking work split over a fixed number of threads: transfers that wait on the network, where
/// `DispatchQueue.concurrentPerform` would run only as many at once as there are CPUs.
public enum ParallelThreads {
    /// Calls `body(0)` on this thread and `body(1)` … `body(count - 1)` on new threads named
    /// `name`, all at once, and returns when every call has returned. `body` must be safe to call
    /// from several threads at once.
    public static func run(_ name: String, count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            let group = DispatchGroup()
            for index in 1..<max(1, count) {
                let lent = LentBody(body)
                group.enter()
                let thread = Thread {
                    lent.callOnce(index)
                    group.leave()
                }
                thread.name = name
                thread.start()
            }
            body(0)
            group.wait()
        }
    }
}

/// `body` lent to one thread, which drops it as soon as its call returns. `withoutActuallyEscaping`
/// traps when a reference to `body` outlives it, and a thread that has signalled "done" has not
/// necessarily released its own closure yet (seen under load with Foundation's `Thread`): the
/// thread's closure holds this box, and the box lets go of `body` before the thread signals.
private final class LentBody: @unchecked Sendable {
    private let lock = NSLock()
    private var body: ((Int) -> Void)?

    init(_ body: @escaping (Int) -> Void) { self.body = body }

    /// Calls the body with `index`, then forgets it.
    func callOnce(_ index: Int) {
        let call = lock.withLock { body.take() }
        call?(index)
    }
}
