import CCurl
import Synchronization

/// libcurl easy handles kept between transfers, so that the next request to the same server
/// reuses the connection a handle keeps open (its TCP window, its TLS session) instead of opening
/// a new one. A fleet node takes origin pieces as many short range requests (``RangeReader``);
/// without reuse each of them paid a TCP slow start and, over https, a TLS handshake.
///
/// A handle serves one transfer at a time: ``CurlEasy`` checks one out and checks it in when it is
/// done; the pool resets it (`curl_easy_reset` keeps the live connections and drops every option,
/// so nothing of the last transfer's headers or callbacks survives). At most ``capacity`` idle
/// handles are kept; the rest are cleaned up.
final class CurlHandlePool: Sendable {
    /// The most idle handles kept.
    let capacity: Int
    private let idle = Mutex<[IdleHandle]>([])

    /// An easy handle nobody uses (a raw pointer is not `Sendable`; the mutex guards it).
    private struct IdleHandle: @unchecked Sendable {
        let handle: UnsafeMutableRawPointer
    }

    init(capacity: Int = 4) {
        self.capacity = max(0, capacity)
    }

    deinit {
        for entry in idle.withLock({ $0 }) { curl_easy_cleanup(entry.handle) }
    }

    /// An idle handle with its connections, nil when none is left (then make a new one).
    func checkOut() -> UnsafeMutableRawPointer? {
        idle.withLock { $0.popLast()?.handle }
    }

    /// Takes `handle` back after its transfer: reset and kept, or cleaned up when the pool is full.
    func checkIn(_ handle: UnsafeMutableRawPointer) {
        curl_easy_reset(handle)
        let kept = idle.withLock { handles in
            guard handles.count < capacity else { return false }
            handles.append(IdleHandle(handle: handle))
            return true
        }
        if !kept { curl_easy_cleanup(handle) }
    }
}
