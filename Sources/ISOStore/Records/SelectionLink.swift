public import Foundation
import GRDB

/// Records that an image was acquired for a selection (design §7 rule 2): a row of `image_selection`.
///
/// The link outlives the selection: when the selection is removed, `selectionID` becomes nil but
/// `spec` remains, so the deletion planner still knows the image was fetched for a rule.
public struct SelectionLink: Hashable, Sendable {
    public var imageID: Int64
    /// The selection's id while it exists.
    public var selectionID: Int64?
    /// The selection's canonical spec at the time of linking.
    public var spec: String
    public var linked: Date

    public init(imageID: Int64, selectionID: Int64?, spec: String, linked: Date = Date()) {
        self.imageID = imageID
        self.selectionID = selectionID
        self.spec = spec
        self.linked = linked
    }
}

extension SelectionLink {
    static let table = "image_selection"

    init(row: Row) {
        self.init(
            imageID: row["image_id"], selectionID: row["selection_id"], spec: row["spec"],
            linked: row["linked"])
    }
}
