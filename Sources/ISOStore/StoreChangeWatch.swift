import GRDB
import Synchronization

/// Tells whether anything was committed to the store since it last looked, by any connection: the
/// node's own pool, a CLI process, another node's action written through the node. It keeps one
/// read-only connection of its own and reads SQLite's `PRAGMA data_version` on it, which changes
/// whenever *another* connection commits; as every writer (this process's pool included) is
/// another connection, no separate count of the node's own writes is needed.
///
/// ``counter()`` turns those observations into a number that grows by one per change observed.
/// It is process-local and starts at 1: an opaque token to compare, not a count of commits (several
/// commits between two looks are one step).
final class StoreChangeWatch: Sendable {
    private struct State {
        var connection: DatabaseQueue?
        var lastVersion: Int64?
        var counter: UInt64 = 0
    }

    private let databasePath: String
    private let state = Mutex(State())

    init(databasePath: String) {
        self.databasePath = databasePath
    }

    /// The change counter now: one more than before when some connection committed since the last
    /// call. When the watching connection cannot be opened or read (a read-only store on a full
    /// disk), every call counts as a change, so nothing cached on it is ever served stale.
    func counter() -> UInt64 {
        state.withLock { state in
            if state.connection == nil {
                var configuration = Configuration()
                configuration.readonly = true
                configuration.label = "isofleet catalog change watch"
                state.connection = try? DatabaseQueue(path: databasePath, configuration: configuration)
            }
            let version = try? state.connection?.inDatabase { db in
                try Int64.fetchOne(db, sql: "PRAGMA data_version")
            }
            if version == nil || version != state.lastVersion {
                state.lastVersion = version
                state.counter += 1
            }
            return state.counter
        }
    }

    /// Closes the watching connection; a later ``counter()`` opens it again.
    func close() {
        state.withLock { state in
            try? state.connection?.close()
            state.connection = nil
            state.lastVersion = nil
        }
    }
}
