/// The part of a selection after `@`: `latest`, `22`, `22.04`, `22.04.3`, `22.latest.latest`.
///
/// `latest` runs right to left only: a `latest` component is never followed by a precise one.
/// `Selection(parsing:)` enforces this; the memberwise initialiser trusts its caller.
public struct VersionSelector: Hashable, Sendable {
    public var major: ComponentSelector
    public var minor: ComponentSelector
    public var patch: ComponentSelector

    public init(major: ComponentSelector, minor: ComponentSelector = .latest, patch: ComponentSelector = .latest) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// `@latest`: the highest version of all.
    public static let latest = VersionSelector(major: .latest)

    /// Selects exactly `version`; absent components become `latest`.
    public init(exactly version: Version) {
        self.init(
            major: .exactly(version.major),
            minor: version.minor.map { .exactly($0) } ?? .latest,
            patch: version.patch.map { .exactly($0) } ?? .latest
        )
    }

    /// True when every component fits.
    public func matches(_ version: Version) -> Bool {
        major.matches(version.major) && minor.matches(version.minor) && patch.matches(version.patch)
    }

    /// True when no component is `latest` ("download once").
    public var isPrecise: Bool { major.isPrecise && minor.isPrecise && patch.isPrecise }

    /// The three components in order.
    public var components: [ComponentSelector] { [major, minor, patch] }
}

extension VersionSelector: CustomStringConvertible {
    /// The compact form: trailing `latest` components dropped (`22`, `22.04`), `latest` when all are.
    public var description: String {
        var parts = components
        while parts.count > 1, parts.last == .latest { parts.removeLast() }
        return parts.map(\.description).joined(separator: ".")
    }
}
