public import Foundation
import GRDB

/// A setting changed at run time (from the page or the API), overriding the configuration file:
/// a row of the `setting` table, e.g. `manifest.interval = 2h`.
public struct Setting: Hashable, Sendable {
    public var key: String
    public var value: String
    public var updated: Date

    public init(key: String, value: String, updated: Date = Date()) {
        self.key = key
        self.value = value
        self.updated = updated
    }
}

extension Setting {
    static let table = "setting"

    init(row: Row) {
        self.init(key: row["key"], value: row["value"], updated: row["updated"])
    }
}
