/// The result of comparing two versions (or two version components) in the numeric-aware order.
///
/// `.same` means "orders equal", which is weaker than `==`: `"04"` and `"4"` are `.same` but not equal.
public enum VersionOrder: Hashable, Sendable {
    /// The left-hand side orders before the right-hand side.
    case ascending
    /// Both order equal.
    case same
    /// The left-hand side orders after the right-hand side.
    case descending

    /// The opposite order: what comparing the operands the other way round gives.
    public var reversed: VersionOrder {
        switch self {
        case .ascending: .descending
        case .same: .same
        case .descending: .ascending
        }
    }

    /// `self` unless it is `.same`, in which case `next()` decides (for lexicographic comparisons).
    @inlinable
    public func then(_ next: @autoclosure () -> VersionOrder) -> VersionOrder {
        self == .same ? next() : self
    }
}
