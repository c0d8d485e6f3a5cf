import Foundation
import Synchronization

/// A dedicated thread that sleeps on the session's event descriptor (poll, no timeout), drains
/// every pending event when woken, and yields them into an AsyncStream. The shim's alert-notify
/// callback only writes to that descriptor; all draining happens here.
final class EventPump: Sendable {
    private let handle: SessionHandle
    private let continuation: AsyncStream<ShimEvent>.Continuation
    /// Written to by `stop()` to wake the thread: [read end, write end].
    private let stopPipe: [Int32]
    /// Resumed by the thread as it exits, for `stop()`.
    private let exited = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))
    /// Set by `abandon()`: the thread destroys the session itself when it exits.
    private let destroyOnExit = Mutex(false)

    /// Prepares a pump for `handle`; events go to `continuation`. Call ``start()`` to run it.
    init(handle: SessionHandle, continuation: AsyncStream<ShimEvent>.Continuation) throws(SwarmError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw SwarmError(.internal, "cannot create the event pump's pipe: \(String(cString: strerror(errno)))")
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        self.handle = handle
        self.continuation = continuation
        stopPipe = fds
    }

    /// Starts the thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "isofleet-swarm-events"
        thread.start()
    }

    /// Wakes the thread, lets it drain what is pending, and returns once it has exited.
    func stop() async {
        var one: UInt8 = 1
        _ = write(stopPipe[1], &one, 1)
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let resumeNow = exited.withLock { state -> Bool in
                if state.done { return true }
                state.waiter = waiter
                return false
            }
            if resumeNow { waiter.resume() }
        }
        close(stopPipe[0])
        close(stopPipe[1])
    }

    /// For an owner going away without `stop()`: wakes the thread, which then drains, destroys
    /// the session (so no libtorrent session outlives its owner) and closes the pipe.
    func abandon() {
        destroyOnExit.withLock { $0 = true }
        var one: UInt8 = 1
        _ = write(stopPipe[1], &one, 1)
    }

    private func run() {
        let eventFD = handle.eventDescriptor
        var descriptors = [
            pollfd(fd: eventFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stopPipe[0], events: Int16(POLLIN), revents: 0),
        ]
        drain()  // events posted before the pump started (listen results)
        while true {
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if descriptors[0].revents != 0 {
                var counter: UInt64 = 0
                _ = read(eventFD, &counter, 8)  // reset before draining: later alerts signal again
                drain()
            }
            if descriptors[1].revents != 0 { break }
        }
        drain()
        continuation.finish()
        let waiter = exited.withLock { state -> CheckedContinuation<Void, Never>? in
            state.done = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
        if destroyOnExit.withLock({ $0 }) {
            try? handle.destroy(deadline: .seconds(5))
            close(stopPipe[0])
            close(stopPipe[1])
        }
    }

    private func drain() {
        while true {
            do {
                guard let event = try handle.nextEvent() else { return }
                continuation.yield(event)
            } catch {
                return
            }
        }
    }
}
