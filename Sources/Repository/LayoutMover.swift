public import Common
import Foundation
public import ISOCatalog
public import ISOStore

/// Changes the repository's layout: moves every held image to its path under the new template,
/// one `rename(2)` inside the repository per file, each followed at once by the store's update of
/// that image's path (and `inventory.json`), then stores the template as the `repository.layout`
/// setting and adopts it (``Repository/adoptLayout(_:)``).
///
/// **Interruptions.** Before the first move the whole plan is written to a journal
/// (`DATA_DIR/layout-change.json`, fsynced). A move that fails (a file appeared at the target,
/// the rename crosses file systems) undoes the moves made so far and removes the journal: the
/// repository is as before. A process that dies midway leaves the journal: ``recover()``
/// (run before every layout change and when a node opens its store) finishes the change, each
/// move being idempotent: a file already at its target only has its path recorded; one still at
/// its source is renamed. No file is ever copied or overwritten, so none is lost.
///
/// The caller holds the update run lock, so no run places or deletes files meanwhile.
public struct LayoutMover: Sendable {
    /// The store setting holding a template set at run time; it overrides `repository.layout` of
    /// the configuration.
    public static let settingKey = "repository.layout"

    public let repository: Repository
    public let store: CatalogStore
    /// `DATA_DIR/layout-change.json`.
    public let journalPath: String

    public init(repository: Repository, store: CatalogStore, journalPath: String) {
        self.repository = repository
        self.store = store
        self.journalPath = journalPath
    }

    /// What changing to `layout` would do, changing nothing.
    public func plan(for layout: Layout) throws(CatalogError) -> LayoutChangePlan {
        let images: [StoredImage]
        do { images = try store.images() } catch { throw CatalogError(.store, "cannot read the images", cause: error) }
        return LayoutChangePlan.make(images: images, layout: layout) { relative in
            var info = stat()
            return lstat(repository.absolutePath(of: relative), &info) == 0
        }
    }

    /// Makes the change `plan` describes (``plan(for:)`` just before).
    /// - Throws: `conflict` naming the refusals when the plan is refused (nothing moved); `io` or
    ///   `store` when a move failed (the moves made are undone).
    public func apply(_ plan: LayoutChangePlan) throws(CatalogError) {
        guard plan.isPossible else {
            throw CatalogError(.conflict, "layout not changed: " + plan.refusals.joined(separator: "; "))
        }
        let layout: Layout
        do { layout = try Layout(template: plan.template) } catch {
            throw CatalogError(.invalidInput, error.message)
        }
        let journal = LayoutJournal(template: plan.template, moves: plan.moves)
        try journal.write(to: journalPath)
        var done: [LayoutChangePlan.Move] = []
        for move in plan.moves {
            do {
                try perform(move)
                done.append(move)
            } catch {
                undo(done)
                unlink(journalPath)
                throw CatalogError(
                    error.code,
                    "layout not changed (\(done.count) move(s) undone): \(error.message)", cause: error.cause)
            }
        }
        try finish(layout, moves: plan.moves)
    }

    /// Finishes a change a process left unfinished (its journal is present); returns the number
    /// of moves it covered, nil when there was none.
    /// - Throws: `io` or `store` when a move cannot be finished (the journal stays).
    @discardableResult
    public func recover() throws(CatalogError) -> Int? {
        guard let journal = try LayoutJournal.read(from: journalPath) else { return nil }
        let layout: Layout
        do { layout = try Layout(template: journal.template) } catch {
            throw CatalogError(.invalidInput, "\(journalPath): \(error.message)")
        }
        for move in journal.moves { try perform(move) }
        try finish(layout, moves: journal.moves)
        return journal.moves.count
    }

    /// One move, idempotent: renames the file when it is still at its source, then records the path.
    private func perform(_ move: LayoutChangePlan.Move) throws(CatalogError) {
        let image: StoredImage?
        do { image = try store.image(id: move.imageID) } catch {
            throw CatalogError(.store, "cannot read image \(move.imageID)", cause: error)
        }
        guard var image, image.path != move.to else { return }
        let source = repository.absolutePath(of: move.from)
        let target = repository.absolutePath(of: move.to)
        var info = stat()
        if lstat(source, &info) == 0 {
            guard lstat(target, &info) != 0 else {
                throw CatalogError(.conflict, "\(target) appeared during the change: \(move.from) not moved")
            }
            do {
                try FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            } catch {
                throw CatalogError(.io, "cannot create the folder of \(target)", cause: error)
            }
            guard rename(source, target) == 0 else {
                throw CatalogError(.io, "cannot rename \(source) to \(target)", cause: SystemError.current)
            }
        } else if lstat(target, &info) != 0 {
            throw CatalogError(.notFound, "\(move.from) is at neither \(source) nor \(target)")
        }
        image.path = move.to
        do { try store.upsertImage(image) } catch {
            throw CatalogError(.store, "renamed \(source) to \(target) but cannot record it", cause: error)
        }
    }

    /// Moves `done` back, newest first, best effort (after a failed move).
    private func undo(_ done: [LayoutChangePlan.Move]) {
        for move in done.reversed() {
            try? perform(
                LayoutChangePlan.Move(imageID: move.imageID, identity: move.identity, from: move.to, to: move.from))
        }
    }

    /// Stores and adopts the template, removes the folders the moves emptied, drops the journal.
    private func finish(_ layout: Layout, moves: [LayoutChangePlan.Move]) throws(CatalogError) {
        do { try store.setSetting(Self.settingKey, layout.template) } catch {
            throw CatalogError(.store, "cannot store the layout \(layout.template)", cause: error)
        }
        repository.adoptLayout(layout)
        for move in moves {
            var directory = (repository.absolutePath(of: move.from) as NSString).deletingLastPathComponent
            while directory.hasPrefix(repository.root + "/"), rmdir(directory) == 0 {
                directory = (directory as NSString).deletingLastPathComponent
            }
        }
        unlink(journalPath)
    }
}
