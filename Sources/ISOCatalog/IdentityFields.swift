import Foundation

/// Identity fields typed by an operator (`catalog add`), checked with the rules of design §3:
/// no empty field, no path separator, `..` or control character, nothing that could be taken
/// for one (``IdentityText``).
public enum IdentityFields {
    /// Why `identity` cannot be used, or nil when it can.
    public static func problem(with identity: ImageIdentity) -> String? {
        let fields: [(String, String?)] = [
            ("family", identity.family), ("name", identity.name), ("flavor", identity.flavor),
            ("version.major", identity.version.major), ("version.minor", identity.version.minor),
            ("version.patch", identity.version.patch), ("arch", identity.arch),
        ]
        for (field, value) in fields {
            guard let value else { continue }
            if let problem = problem(withField: value) { return "\(field) \(problem)" }
        }
        for (field, value) in fields.dropFirst(3).prefix(3) where value?.contains(".") == true {
            return "\(field) '\(value!)' contains '.'"
        }
        return nil
    }

    /// Why a single field value cannot be used, or nil.
    public static func problem(withField value: String) -> String? {
        if value.trimmingCharacters(in: .whitespaces).isEmpty { return "is empty" }
        if value == "." || value == ".." { return "'\(value)' is a directory reference" }
        if value.contains("/") || value.contains("\\") { return "'\(value)' contains a path separator" }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "contains a control character"
        }
        return IdentityText.confusion(in: value)
    }

    /// Parses `X`, `X.Y` or `X.Y.Z` into a version, keeping each component as written.
    public static func version(_ text: String) -> Version? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return Version(
            major: parts[0], minor: parts.count > 1 ? parts[1] : nil, patch: parts.count > 2 ? parts[2] : nil)
    }

    /// True for 64 hex digits (either case).
    public static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.allSatisfy(\.isHexDigit)
    }
}
