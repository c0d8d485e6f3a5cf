/// A `{placeholder}` a layout template may use (design §6).
public enum LayoutPlaceholder: String, Hashable, Sendable, CaseIterable {
    case family, name, flavor, version, arch
    case familyLower = "family_lower"
    case nameLower = "name_lower"
    case flavorLower = "flavor_lower"
    case major, minor, patch
    case fileName = "file_name"

    /// True for the placeholders whose value may be absent and then render as nothing:
    /// `{minor}`, `{patch}`, `{arch}`. `{file_name}` is required when used.
    public var isOptional: Bool {
        switch self {
        case .minor, .patch, .arch: true
        default: false
        }
    }

    /// The value for `identity`; `nil` when absent.
    func value(for identity: ImageIdentity, fileName: String?) -> String? {
        switch self {
        case .family: identity.family
        case .name: identity.name
        case .flavor: identity.flavor
        case .version: identity.version.description
        case .arch: identity.arch
        case .familyLower: identity.family.lowercased()
        case .nameLower: identity.name.lowercased()
        case .flavorLower: identity.flavor.lowercased()
        case .major: identity.version.major
        case .minor: identity.version.minor
        case .patch: identity.version.patch
        case .fileName: fileName
        }
    }
}
