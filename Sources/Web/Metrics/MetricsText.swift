import Foundation

/// The Prometheus text exposition format (version 0.0.4), written by hand: `# HELP`, `# TYPE`,
/// then `name{label="value"} number` lines.
struct MetricsText {
    enum Kind: String { case gauge, counter }

    private(set) var text = ""

    /// Adds one metric family with its samples (`labels` may be empty).
    mutating func add(_ name: String, _ kind: Kind, _ help: String, _ samples: [([(String, String)], Double)]) {
        text +=
            "# HELP \(name) \(help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n"))\n"
        text += "# TYPE \(name) \(kind.rawValue)\n"
        for (labels, value) in samples {
            let labelText =
                labels.isEmpty
                ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
            text += "\(name)\(labelText) \(Self.format(value))\n"
        }
    }

    /// Adds a metric family with a single unlabelled sample.
    mutating func add(_ name: String, _ kind: Kind, _ help: String, _ value: Double) {
        add(name, kind, help, [([], value)])
    }

    /// Integers without a decimal point; others as Swift prints them.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func escapeLabel(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
