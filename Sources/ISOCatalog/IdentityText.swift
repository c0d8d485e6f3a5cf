import Foundation

/// Characters an identity field (family, name, flavor, version component, arch) or a `file_name`
/// may not hold beyond the plain `/`, `\`, `.`/`..` and C0/C1 control characters each reader
/// already refuses: look-alike slashes, invisible formatting characters, and anything that reads
/// as a separator or a directory reference once normalised (NFKC). Two readers of one manifest
/// (a shell, a browser, a file manager) must not see different paths in one value.
public enum IdentityText {
    /// Slashes and backslashes that render like `/` or `\` without being them.
    public static let lookAlikeSeparators: Set<Unicode.Scalar> = [
        "\u{2215}",  // DIVISION SLASH
        "\u{2044}",  // FRACTION SLASH
        "\u{FF0F}",  // FULLWIDTH SOLIDUS
        "\u{29F8}",  // BIG SOLIDUS
        "\u{29F9}",  // BIG REVERSE SOLIDUS
        "\u{2216}",  // SET MINUS
        "\u{FF3C}",  // FULLWIDTH REVERSE SOLIDUS
        "\u{FE68}",  // SMALL REVERSE SOLIDUS
        "\u{2571}",  // BOX DRAWINGS LIGHT DIAGONAL UPPER RIGHT TO LOWER LEFT
        "\u{2572}",  // BOX DRAWINGS LIGHT DIAGONAL UPPER LEFT TO LOWER RIGHT
        "\u{27CB}",  // MATHEMATICAL RISING DIAGONAL
        "\u{27CD}",  // MATHEMATICAL FALLING DIAGONAL
        "\u{2F03}",  // KANGXI RADICAL SLASH
        "\u{1735}",  // PHILIPPINE SINGLE PUNCTUATION
        "\u{0338}",  // COMBINING LONG SOLIDUS OVERLAY
        "\u{0337}",  // COMBINING SHORT SOLIDUS OVERLAY
    ]

    /// Why `text` could be taken for a path separator or a directory reference, or hides
    /// characters, or nil. Covers only what the plain checks (`/`, `\`, `.`, `..`, C0/C1 control
    /// characters) do not: callers run those first.
    public static func confusion(in text: String) -> String? {
        for scalar in text.unicodeScalars {
            if lookAlikeSeparators.contains(scalar) {
                return "contains \(name(of: scalar)), which looks like a path separator"
            }
            switch scalar.properties.generalCategory {
            case .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                return "contains \(name(of: scalar)), an invisible or unassigned character"
            default: continue
            }
        }
        let normalised = text.precomposedStringWithCompatibilityMapping
        if normalised == "." || normalised == ".." {
            return "reads as '\(normalised)' once normalised (NFKC)"
        }
        if normalised.contains("/") || normalised.contains("\\") {
            return "contains a character that normalises (NFKC) to a path separator"
        }
        return nil
    }

    /// `U+2215` plus the scalar's Unicode name when known.
    static func name(of scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        guard let name = scalar.properties.name else { return code }
        return "\(code) (\(name))"
    }
}
