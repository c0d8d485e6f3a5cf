import Fetch
import Foundation

/// Takes, keeps and gives back a mirror's ``MirrorLease`` for one sync. Blocking, like the store.
///
/// Taking it: read the lease; one of another holder that has not expired wins (the sync skips the
/// mirror); otherwise write ours with a new token and read it back: another node writing at the
/// same moment leaves its token there, and then it is that node's. Before every write the sync
/// makes (``confirm()``) the lease is read again and renewed once half of it has run out, so a
/// node that lost it (taken over after it expired under a stalled sync) stops writing.
final class MirrorLeaseKeeper {
    /// Why the sync must stop writing: another node holds the lease.
    struct Held: Error {
        let lease: MirrorLease
    }

    private let store: any RemoteStore
    private let holder: String
    private let duration: TimeInterval
    private let now: @Sendable () -> Date
    private var current: MirrorLease?

    init(store: any RemoteStore, holder: String, duration: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.holder = holder
        self.duration = duration
        self.now = now
    }

    /// Takes the lease.
    /// - Throws: ``Held`` when another node holds it; `FetchError` when the mirror cannot be read or written.
    func acquire() throws -> MirrorLease {
        if let found = try read(), found.holder != holder, found.expires > now() {
            throw Held(lease: found)
        }
        return try write()
    }

    /// Checks the lease is still ours, renewing it once half of it has run out.
    /// - Throws: ``Held`` when another node took it over; `FetchError` when it cannot be read.
    func confirm() throws {
        guard let mine = current else { return }
        let found = try read()
        guard let found, found.token == mine.token else {
            current = nil
            throw Held(lease: try read() ?? MirrorLease(holder: "unknown", token: "", acquired: now(), expires: now()))
        }
        if found.expires.timeIntervalSince(now()) < duration / 2 { _ = try write() }
    }

    /// ``confirm()`` once half of the lease has run out, without reading the mirror before: for
    /// the progress of a long upload.
    func confirmWhenDue() throws {
        guard let mine = current, mine.expires.timeIntervalSince(now()) < duration / 2 else { return }
        try confirm()
    }

    /// Removes the lease when it is still ours; failing that it simply expires.
    func release() {
        guard let mine = current else { return }
        current = nil
        guard let found = try? read(), found.token == mine.token else { return }
        try? store.remove(MirrorLease.fileName)
    }

    private func read() throws(FetchError) -> MirrorLease? {
        try store.readSmallFile(MirrorLease.fileName, maxBytes: 64 << 10).flatMap(MirrorLease.decode)
    }

    private func write() throws -> MirrorLease {
        let start = now()
        let lease = MirrorLease(
            holder: holder, token: UUID().uuidString.lowercased(), acquired: current?.acquired ?? start,
            expires: start.addingTimeInterval(duration))
        try store.writeSmallFile(MirrorLease.fileName, lease.encoded())
        guard let back = try read(), back.token == lease.token else {
            current = nil
            throw Held(lease: try read() ?? lease)
        }
        current = lease
        return lease
    }
}
