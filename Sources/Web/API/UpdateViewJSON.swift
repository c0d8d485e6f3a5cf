import Node
import WireTypes

/// `GET /api/v1/update`: the update run's status (``UpdateRunStatus``'s fields, unchanged) plus
/// `additions`, the sources being added (``AdditionStatus``), so the page's live view polls once.
struct UpdateViewJSON: Encodable {
    let run: UpdateRunStatus
    let additions: [AdditionStatus]

    enum CodingKeys: String, CodingKey { case additions }

    func encode(to encoder: any Encoder) throws {
        try run.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(additions, forKey: .additions)
    }
}
