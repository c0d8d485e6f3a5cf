import ISOCatalog
public import WireTypes

extension ManifestSyncReport {
    /// The report of `result`, a synchronisation of the manifest at `url`.
    public init(result: ManifestSyncResult, url: String?) {
        self.init(
            outcome: result.outcomeName, url: url, images: result.manifest?.images.count, fetchedAt: result.fetchedAt,
            current: result.isCurrent, error: result.failure?.message)
    }
}
