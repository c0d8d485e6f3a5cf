public import Foundation
public import ISOCatalog

/// What one manifest synchronisation did, and the manifest in force afterwards.
public struct ManifestSyncResult: Sendable {
    /// What happened to the upstream manifest.
    public enum Outcome: Sendable, Equatable {
        /// A new manifest was fetched, validated and stored.
        case fetched
        /// Upstream answered "not modified" (HTTP 304, or a file:// not newer): the cached one is
        /// confirmed and its fetch time renewed.
        case notModified
        /// The cached manifest is younger than `manifest.min_age`: nothing was asked upstream.
        case skippedFresh
        /// The attempt failed; the last good manifest (if any) stays in force.
        case failed(ManifestSyncFailure)
    }

    public var outcome: Outcome
    /// The manifest in force (the one just fetched, or the last good one); nil when none was ever had.
    public var manifest: Manifest?
    /// When the manifest in force was fetched (or last confirmed unchanged).
    public var fetchedAt: Date?
    /// True when deletions may rest on `manifest` (design §7 rule 4): it was refreshed now, or it is
    /// younger than `manifest.min_age` and the last attempt did not fail.
    public var isCurrent: Bool

    public init(outcome: Outcome, manifest: Manifest?, fetchedAt: Date?, isCurrent: Bool) {
        self.outcome = outcome
        self.manifest = manifest
        self.fetchedAt = fetchedAt
        self.isCurrent = isCurrent
    }

    /// The failure, when the attempt failed.
    public var failure: ManifestSyncFailure? {
        if case .failed(let failure) = outcome { failure } else { nil }
    }

    /// A word for logs and JSON: `fetched`, `not-modified`, `fresh`, `invalid`, `unreachable`, `not-configured`.
    public var outcomeName: String {
        switch outcome {
        case .fetched: "fetched"
        case .notModified: "not-modified"
        case .skippedFresh: "fresh"
        case .failed(let failure): failure.code.description
        }
    }
}
