public import Common
import Foundation
import GRDB
public import ISOCatalog

extension CatalogStore {
    /// Every image in the store, missing ones included, ordered by path.
    public func images() throws(StoreError) -> [StoredImage] {
        try read("list images") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM image ORDER BY path").map(StoredImage.init(row:))
        }
    }

    /// The image with row id `id`, or nil.
    public func image(id: Int64) throws(StoreError) -> StoredImage? {
        try read("read image \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM image WHERE id = ?", arguments: [id]).map(StoredImage.init(row:))
        }
    }

    /// The image stored at `path` (relative to the repository root), or nil.
    public func image(path: String) throws(StoreError) -> StoredImage? {
        try read("read image at \(path)") { db in try Self.image(path: path, db) }
    }

    /// The image with exactly this identity, or nil.
    public func image(identity: ImageIdentity) throws(StoreError) -> StoredImage? {
        try read("read image \(identity)") { db in try Self.image(identity: identity, db) }
    }

    /// Inserts `image`, or updates the row with its id (when set) or else at its path, then
    /// rewrites the inventory.
    ///
    /// An update keeps the row's id and `added` date; updating by id may change the path (a file
    /// that moved). The stored image is returned.
    /// - Throws: `conflict` when another path already holds the same identity; `invalidValue`
    ///   for a negative size or a malformed checksum.
    @discardableResult
    public func upsertImage(_ image: StoredImage) throws(StoreError) -> StoredImage {
        try upsertImages([image])[0]
    }

    /// ``upsertImage(_:)`` for many images in one transaction and one inventory rewrite.
    @discardableResult
    public func upsertImages(_ images: [StoredImage]) throws(StoreError) -> [StoredImage] {
        guard !images.isEmpty else { return [] }
        for image in images { try Self.validate(image) }
        let stored = try write("store \(images.count == 1 ? "image \(images[0].path)" : "\(images.count) images")") {
            db in
            try images.map { image in try Self.upsert(image, db) }
        }
        try rewriteInventory()
        return stored
    }

    /// Removes the image with row id `id` (its selection links go with it), then rewrites the
    /// inventory. The file itself is not touched. Returns the removed image.
    /// - Throws: `notFound` naming the id.
    @discardableResult
    public func removeImage(id: Int64) throws(StoreError) -> StoredImage {
        let removed = try write("remove image \(id)") { db -> StoredImage in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM image WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no image with id \(id)")
            }
            try db.execute(sql: "DELETE FROM image WHERE id = ?", arguments: [id])
            return StoredImage(row: row)
        }
        try rewriteInventory()
        return removed
    }

    /// Sets the state of the images with these ids (e.g. `missing` after a scan), then rewrites
    /// the inventory. Unknown ids are ignored.
    public func setState(_ state: ImageState, ofImages ids: [Int64]) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try write("mark \(ids.count) image(s) \(state.rawValue)") { db in
            for id in ids {
                try db.execute(
                    sql: "UPDATE image SET state = ? WHERE id = ?", arguments: [state.rawValue, id])
            }
        }
        try rewriteInventory()
    }

    // MARK: - Selection links

    /// Records that image `imageID` was acquired for `selection` (design §7 rule 2). Idempotent.
    public func link(imageID: Int64, to selection: StoredSelection) throws(StoreError) {
        try write("link image \(imageID) to selection \(selection.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO image_selection (image_id, selection_id, spec, linked) VALUES (?, ?, ?, ?)
                    ON CONFLICT (image_id, spec) DO UPDATE SET selection_id = excluded.selection_id
                    """,
                arguments: [imageID, selection.id, selection.spec, Self.now()])
        }
    }

    /// The selections image `imageID` was acquired for, including removed ones.
    public func links(imageID: Int64) throws(StoreError) -> [SelectionLink] {
        try read("read links of image \(imageID)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM image_selection WHERE image_id = ? ORDER BY spec", arguments: [imageID]
            ).map(SelectionLink.init(row:))
        }
    }

    /// Every link, for the deletion planner.
    public func allLinks() throws(StoreError) -> [SelectionLink] {
        try read("read selection links") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM image_selection ORDER BY image_id, spec")
                .map(SelectionLink.init(row:))
        }
    }

    // MARK: - Helpers

    /// Now, to the whole second: `added` and `created` dates read the same in SQLite and JSON.
    static func now() -> Date {
        Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }

    static func image(path: String, _ db: Database) throws -> StoredImage? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM image WHERE path = ?"), arguments: [path])
            .map(StoredImage.init(row:))
    }

    static func image(identity: ImageIdentity, _ db: Database) throws -> StoredImage? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT * FROM image WHERE family = ? AND name = ? AND flavor = ? AND major = ?
                    AND ifnull(minor, '') = ? AND ifnull(patch, '') = ? AND ifnull(arch, '') = ?
                    """),
            arguments: [
                identity.family, identity.name, identity.flavor, identity.version.major,
                identity.version.minor ?? "", identity.version.patch ?? "", identity.arch ?? "",
            ]
        ).map(StoredImage.init(row:))
    }

    static func validate(_ image: StoredImage) throws(StoreError) {
        guard image.size >= 0 else {
            throw StoreError(.invalidValue, "image \(image.path): negative size \(image.size)")
        }
        if let sha256 = image.sha256, !isSHA256(sha256) {
            throw StoreError(.invalidValue, "image \(image.path): sha256 '\(sha256)' is not 64 lower-case hex digits")
        }
        if let problem = RepositoryPath.problem(with: image.path) {
            throw StoreError(.invalidValue, "image \(image.identity): \(problem)")
        }
    }

    /// True for 64 lower-case hex digits.
    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static func upsert(_ image: StoredImage, _ db: Database) throws -> StoredImage {
        if let other = try Self.image(identity: image.identity, db), other.path != image.path,
            image.id == nil || other.id != image.id
        {
            throw StoreError(
                .conflict,
                "\(image.identity) is already held at \(other.path) (id \(other.id ?? 0)); not adding \(image.path)")
        }
        var stored = image
        let byID = try image.id.flatMap { id in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM image WHERE id = ?"), arguments: [id])
                .map(StoredImage.init(row:))
        }
        if let existing = try byID ?? Self.image(path: image.path, db) {
            stored.id = existing.id
            stored.added = existing.added
            let values = stored.columnValues.filter { $0.0 != "added" }
            try db.cachedStatement(
                sql: "UPDATE image SET \(values.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE id = ?"
            ).execute(arguments: StatementArguments(values.map(\.1) + [existing.id]))
        } else {
            stored.id = nil
            stored.added = Date(timeIntervalSince1970: stored.added.timeIntervalSince1970.rounded(.down))
            let values = stored.columnValues
            try db.cachedStatement(
                sql: """
                    INSERT INTO image (\(values.map(\.0).joined(separator: ", ")))
                    VALUES (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))
                    """
            ).execute(arguments: StatementArguments(values.map(\.1)))
            stored.id = db.lastInsertedRowID
        }
        return stored
    }
}
