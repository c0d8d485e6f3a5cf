import Foundation
import Synchronization

/// Open remote files kept between ``RangeReader`` reads, so that taking origin pieces from an SMB
/// share or an NFS export does not connect, authenticate and open the file again for every piece.
/// A reader is checked out by one read at a time (readers are not thread-safe), returned after a
/// successful read, dropped after a failure, and closed rather than reused once older than
/// ``maxAge`` (the file may have been replaced).
final class RemoteReaderPool: Sendable {
    /// How long an open file is reused.
    static let maxAge: Duration = .seconds(60)
    /// Open files kept per location.
    static let perLocation = 4

    /// An open file and the store that opened it (which keeps its connection alive).
    final class Entry: @unchecked Sendable {
        let store: any RemoteStore
        let reader: any RemoteFileReader
        let opened = ContinuousClock.now

        init(store: any RemoteStore, reader: any RemoteFileReader) {
            self.store = store
            self.reader = reader
        }
    }

    private let idle = Mutex<[RemoteLocation: [Entry]]>([:])

    /// An open reader of `location`: a kept one, else `open()`'s.
    func checkOut(_ location: RemoteLocation, open: () throws(FetchError) -> Entry) throws(FetchError) -> Entry {
        let kept = idle.withLock { idle -> Entry? in
            while let entry = idle[location]?.popLast() {
                if ContinuousClock.now - entry.opened < Self.maxAge { return entry }
            }
            return nil
        }
        if let kept { return kept }
        return try open()
    }

    /// Gives back a reader whose last read succeeded.
    func checkIn(_ entry: Entry, for location: RemoteLocation) {
        idle.withLock { idle in
            guard ContinuousClock.now - entry.opened < Self.maxAge else { return }
            var entries = idle[location] ?? []
            guard entries.count < Self.perLocation else { return }
            entries.append(entry)
            idle[location] = entries
        }
    }
}
