/// A layout change planned or made (`GET /api/v1/layout`, `POST /api/v1/layout`, `isofleet layout
/// show|set --json`): `{"template", "current", "source", "possible", "refusals": ["…"],
/// "moves": [{"image", "from", "to"}], "unchanged", "missing": ["path"], "applied", "recovered"}`.
public struct LayoutPlanJSON: Codable, Sendable, Equatable {
    /// One held image's move.
    public struct Move: Codable, Sendable, Hashable {
        /// The image's identity as text (`Linux/Ubuntu/Server@22.04.3`).
        public var image: String
        public var from: String
        public var to: String

        public init(image: String, from: String, to: String) {
            self.image = image
            self.from = from
            self.to = to
        }
    }

    /// The template planned for.
    public var template: String
    /// The template in force.
    public var current: String
    /// Where the template in force comes from: `store` (set at run time), `configuration`
    /// (`repository.layout`) or `default`.
    public var source: String
    /// False when the change is refused; ``refusals`` says why.
    public var possible: Bool
    public var refusals: [String]
    /// In the order they run; for the template in force: the images not at their layout path.
    public var moves: [Move]
    /// Held images already at their path.
    public var unchanged: Int
    /// Images whose file is missing: not moved.
    public var missing: [String]
    /// True once the moves were made and the template stored.
    public var applied: Bool
    /// Moves of an interrupted change finished before this one, when there was one.
    public var recovered: Int?

    public init(
        template: String, current: String, source: String, possible: Bool, refusals: [String], moves: [Move],
        unchanged: Int, missing: [String], applied: Bool, recovered: Int?
    ) {
        self.template = template
        self.current = current
        self.source = source
        self.possible = possible
        self.refusals = refusals
        self.moves = moves
        self.unchanged = unchanged
        self.missing = missing
        self.applied = applied
        self.recovered = recovered
    }
}
