import Foundation
import ISOCatalog
import ISOStore
import Repository

extension NodeSite {
    /// Adopts the layout set at run time (the store's `repository.layout` setting overrides the
    /// configuration's: the files were moved to it), after finishing a layout change a process
    /// left unfinished (``LayoutMover/recover()``) when no update run or layout change holds the
    /// repository. A recovery that fails leaves its journal for the next try.
    func adoptStoredLayout(from store: CatalogStore, recover: Bool = true) {
        if recover, FileManager.default.fileExists(atPath: dataDirectory.layoutJournal),
            let lock = try? UpdateRunLock(path: dataDirectory.root + "/update.lock")
        {
            _ = try? LayoutMover(repository: repository, store: store, journalPath: dataDirectory.layoutJournal)
                .recover()
            lock.unlock()
        }
        if let template = try? store.setting(LayoutMover.settingKey), let layout = try? Layout(template: template) {
            repository.adoptLayout(layout)
        }
    }
}
