/// The grammar of design §5.
///
/// - `FAMILY/NAME/FLAVOR@MAJOR.MINOR.PATCH`; `NAME` and `FLAVOR` may be `*`, `FAMILY` may not.
/// - Each version component is a precise value or `latest` (any case). Missing trailing
///   components are `latest`: `@22` is `@22.latest.latest`. Without `@…` the version is `@latest`.
/// - `latest` runs right to left: `@latest.04.2` and `@22.latest.3` are refused.
/// - Surrounding whitespace is trimmed; control characters, `/` and `@` inside a part are refused,
///   and so is a part that starts or ends with a space (`Linux/Ubuntu /Server`, `@22.04 .1`): its
///   compact form could not read back the same (found by the selection fuzzer).
extension Selection {
    /// Parses a compact spec; `arch` and `keep` default to none and 1.
    public init(parsing spec: String) throws(SelectionError) {
        try self.init(parsing: spec, arch: nil, keep: 1)
    }

    /// Parses a compact spec and attaches `arch` (empty means none) and `keep` (at least 1).
    public init(parsing spec: String, arch: String?, keep: Int) throws(SelectionError) {
        func fail(_ code: SelectionError.Code, _ detail: String) -> SelectionError {
            SelectionError(code, spec: spec, detail: detail)
        }
        let trimmed = spec.trimmingSpaces
        guard !trimmed.isEmpty else { throw fail(.empty, "selection is empty") }
        if let scalar = trimmed.unicodeScalars.first(where: \.isControl) {
            throw fail(.invalidCharacter, "contains control character U+\(scalar.hex)")
        }
        guard keep >= 1 else { throw fail(.invalidKeep, "keep must be at least 1, got \(keep)") }

        let at = trimmed.firstIndex(of: "@")
        let identityPart = at.map { trimmed[..<$0] } ?? Substring(trimmed)
        let segments = identityPart.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw fail(
                .wrongSegmentCount,
                "expected FAMILY/NAME/FLAVOR@VERSION, found \(segments.count) part(s) before '@'")
        }
        for (label, segment) in zip(["FAMILY", "NAME", "FLAVOR"], segments) {
            guard !segment.isEmpty else { throw fail(.emptySegment, "\(label) is empty") }
            if segment.hasEdgeSpace {
                throw fail(.invalidCharacter, "\(label) '\(segment)' starts or ends with a space")
            }
        }
        guard segments[0] != "*" else { throw fail(.wildcardFamily, "FAMILY may not be '*'") }

        var version = VersionSelector.latest
        if let at {
            let versionPart = trimmed[trimmed.index(after: at)...]
            version = try Self.parseVersion(versionPart, fail: fail)
        }
        self.init(
            family: String(segments[0]),
            name: segments[1] == "*" ? .any : .exactly(String(segments[1])),
            flavor: segments[2] == "*" ? .any : .exactly(String(segments[2])),
            version: version,
            arch: arch.flatMap { $0.isEmpty ? nil : $0 },
            keep: keep
        )
    }

    private static func parseVersion(
        _ text: Substring, fail: (SelectionError.Code, String) -> SelectionError
    ) throws(SelectionError) -> VersionSelector {
        guard !text.isEmpty else { throw fail(.emptyVersion, "version after '@' is empty") }
        if text.contains("@") { throw fail(.invalidCharacter, "more than one '@'") }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let labels = ["MAJOR", "MINOR", "PATCH"]
        guard parts.count <= 3 else {
            throw fail(
                .tooManyVersionComponents,
                "version '\(text)' has \(parts.count) components; at most 3 (MAJOR.MINOR.PATCH)")
        }
        var selectors: [ComponentSelector] = []
        for (label, part) in zip(labels, parts) {
            guard !part.isEmpty else { throw fail(.emptyVersionComponent, "\(label) is empty in '\(text)'") }
            if part.hasEdgeSpace { throw fail(.invalidCharacter, "\(label) '\(part)' starts or ends with a space") }
            guard part != "*" else {
                throw fail(.wildcardVersion, "\(label) may not be '*'; use 'latest'")
            }
            selectors.append(part.lowercased() == "latest" ? .latest : .exactly(String(part)))
        }
        while selectors.count < 3 { selectors.append(.latest) }
        for index in 1..<3 where selectors[index].isPrecise && !selectors[index - 1].isPrecise {
            throw fail(
                .latestBeforePrecise,
                "'latest' runs right to left only: \(labels[index - 1]) is 'latest' "
                    + "but \(labels[index]) is precise ('\(selectors[index])')")
        }
        return VersionSelector(major: selectors[0], minor: selectors[1], patch: selectors[2])
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}

extension Unicode.Scalar {
    /// C0 and C1 control characters and DEL.
    var isControl: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }

    /// `001F`-style upper-case hex of the scalar value, at least four digits.
    var hex: String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension Substring {
    /// Starts or ends with whitespace.
    fileprivate var hasEdgeSpace: Bool {
        (first?.isWhitespace ?? false) || (last?.isWhitespace ?? false)
    }
}
