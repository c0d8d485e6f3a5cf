public import ISOCatalog

/// Something an update run could not do for a selection while the rest succeeded (issue 13, item
/// 4): a selection that resolves to nothing, a best image it skipped, a source it could not reach.
/// A run with warnings ends "succeeded with warnings" (``UpdateReport/outcome``).
///
/// JSON (`update --json`'s `warnings`, `GET /api/v1/update`'s `last.warnings`):
/// `{"selection": "SPEC" | null, "kind": "unresolved" | "skipped" | "unreachable", "path": "…" | null,
/// "message": "…"}`; `selection` is null for what concerns no single selection (the manifest).
public struct UpdateWarning: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The selection matches nothing in the manifest (a misspelling, an arch no image has).
        case unresolved
        /// A best image the run did not fetch: its layout path is taken by another file, two images
        /// collide on one layout path, the layout refuses its path, it has no source.
        case skipped
        /// A source could not be reached: the manifest (the run worked from the last good one), or a
        /// mirror the fetch had to pass over.
        case unreachable
    }

    /// The selection's spec (with ` arch=A`), nil when the warning concerns the whole run.
    public var selection: String?
    public var kind: Kind
    /// The layout path concerned, when there is one.
    public var path: String?
    /// One sentence for people, naming what was not done and why.
    public var message: String

    public init(selection: String?, kind: Kind, path: String? = nil, message: String) {
        self.selection = selection
        self.kind = kind
        self.path = path
        self.message = message
    }
}
