/// The `NAME` or `FLAVOR` part of a selection: one value, or `*` for all.
public enum NamePattern: Hashable, Sendable {
    /// `*`: every name (or flavor).
    case any
    /// One value, matched case-insensitively (`ubuntu` selects `Ubuntu`).
    case exactly(String)

    /// True when `value` is selected by this pattern.
    public func matches(_ value: String) -> Bool {
        switch self {
        case .any: true
        case .exactly(let wanted): wanted.lowercased() == value.lowercased()
        }
    }

    /// True for `.exactly`.
    public var isPrecise: Bool {
        if case .exactly = self { true } else { false }
    }
}

extension NamePattern: CustomStringConvertible {
    /// `*` or the value as written.
    public var description: String {
        switch self {
        case .any: "*"
        case .exactly(let value): value
        }
    }
}
