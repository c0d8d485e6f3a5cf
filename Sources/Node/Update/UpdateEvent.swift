public import ISOCatalog

/// What an update run publishes while it works (``UpdateRunner/events()``), for the CLI's progress
/// lines and the page's live view.
public enum UpdateEvent: Sendable {
    /// The manifest was synchronised (or found fresh) and the plan made.
    case planned(UpdatePlan, manifest: ManifestSyncResult)
    /// An acquirer starts on an image (again, when the previous one failed).
    case transferStarted(TransferStatus)
    /// Bytes arrived.
    case transferProgress(TransferStatus)
    /// The image was verified, placed at its layout path and recorded.
    case transferCompleted(FetchedImage)
    /// Every acquirer failed for an image (or it could not be placed).
    case transferFailed(FailedFetch)
    /// A held image was deleted.
    case deleted(PlannedEntry)
    /// The run is over.
    case finished(UpdateReport)
    /// The run could not run at all (no manifest, store failure); nothing was fetched or deleted.
    case runFailed(UpdateError)
}
