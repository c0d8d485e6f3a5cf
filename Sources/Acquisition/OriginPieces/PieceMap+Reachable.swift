public import Swarm

extension PieceMap {
    /// True when this node holds `piece` or a connected peer has it.
    func isReachable(_ piece: Int) -> Bool { have[piece] || availability[piece] > 0 }

    /// Pieces this node holds or a connected peer has: what the fleet's copy has grown to.
    var reachableCount: Int { have.indices.lazy.filter(isReachable).count }

    /// The fleet's **frontier**: the first piece nobody can give yet (`count` when every piece can).
    var frontier: Int { have.indices.first { !isReachable($0) } ?? count }
}
