/// One of `MAJOR`, `MINOR`, `PATCH` in a selection: a precise value or `latest`.
public enum ComponentSelector: Hashable, Sendable {
    /// The highest value available (an absent component is acceptable too).
    case latest
    /// This value. It matches a component that orders the same (`4` matches `04`,
    /// `22h2` matches `22H2`); an absent component never matches a precise one.
    case exactly(String)

    /// True when `component` (absent when `nil`) fits this selector.
    public func matches(_ component: String?) -> Bool {
        switch self {
        case .latest: true
        case .exactly(let wanted):
            component.map { Version.orderComponent($0, wanted) == .same } ?? false
        }
    }

    /// True for `.exactly`.
    public var isPrecise: Bool {
        if case .exactly = self { true } else { false }
    }
}

extension ComponentSelector: CustomStringConvertible {
    /// `latest` or the value as written.
    public var description: String {
        switch self {
        case .latest: "latest"
        case .exactly(let value): value
        }
    }
}
