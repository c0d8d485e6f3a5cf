import Node

/// How `layout show|set` print a ``LayoutPlanJSON``: the template lines, each move, the counts.
enum LayoutText {
    static func print(_ plan: LayoutPlanJSON, json: Bool) throws {
        if json {
            try JSONOutput.print(plan)
            return
        }
        var lines = ["layout in force: \(plan.current) (from \(plan.source))"]
        if plan.template != plan.current { lines.append("layout planned:  \(plan.template)") }
        if let recovered = plan.recovered {
            lines.append("finished an interrupted change first (\(recovered) move(s))")
        }
        for refusal in plan.refusals { lines.append("refused: \(refusal)") }
        let verb = plan.applied ? "moved" : "move"
        for move in plan.moves { lines.append("  \(verb)  \(move.image)  \(move.from) -> \(move.to)") }
        for path in plan.missing { lines.append("  missing  \(path)  (file not found: not moved)") }
        lines.append(
            "\(plan.moves.count) \(plan.applied ? "moved" : "to move"), \(plan.unchanged) already in place"
                + (plan.missing.isEmpty ? "" : ", \(plan.missing.count) missing"))
        Swift.print(lines.joined(separator: "\n"))
    }
}
