/// One line of the file-name table: a case-insensitive whole-name pattern with named captures, and
/// how to turn a match into an identity. `make` returns `nil` to decline (for instance an unknown
/// build number), never a guess.
///
/// `@unchecked Sendable`: the only non-`Sendable` member is the `Regex<AnyRegexOutput>`, which is
/// immutable after `init`; `Regex` itself is `Sendable` whenever its output type is (its lazily
/// compiled program is initialised atomically) and `AnyRegexOutput` is not only because it may hold
/// arbitrary captured values, which these string-only patterns never produce.
struct FileNameRule: @unchecked Sendable {
    typealias Captures = [String: String]

    let pattern: String
    let make: @Sendable (Captures) -> ImageIdentity?
    private let regex: Regex<AnyRegexOutput>
    private let names: [String]

    init(_ pattern: String, make: @escaping @Sendable (Captures) -> ImageIdentity?) {
        self.pattern = pattern
        self.make = make
        // Patterns are constants of this module; a bad one is a programming error caught by the tests.
        self.regex = try! Regex(pattern).ignoresCase()
        self.names = Self.captureNames(in: pattern)
    }

    /// The identity for `leaf`, or `nil` when the rule does not apply.
    func apply(to leaf: String) -> ImageIdentity? {
        guard let match = try? regex.wholeMatch(in: leaf) else { return nil }
        var captures: Captures = [:]
        for name in names {
            if let text = match.output[name]?.substring { captures[name] = String(text) }
        }
        return make(captures)
    }

    private static func captureNames(in pattern: String) -> [String] {
        // Every "(?<" in these patterns opens a named group ("(?<=" lookbehinds are not used).
        pattern.split(separator: "(?<", omittingEmptySubsequences: false).dropFirst().compactMap { part in
            part.firstIndex(of: ">").map { String(part[..<$0]) }
        }
    }
}

extension FileNameRule {
    /// Architecture tokens as publishers write them.
    static let arch = "amd64|x86_64_v2|x86_64|arm64|aarch64|i386|i686|ppc64el|ppc64le|s390x|armhf|riscv64|x64|x86"

    /// `22.04.3` → `Version(22, 04, 3)`; `nil` for an empty component or more than three.
    static func dotted(_ text: String?) -> Version? {
        guard let text else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), !parts.contains(where: \.isEmpty) else { return nil }
        return Version(
            major: parts[0], minor: parts.count > 1 ? parts[1] : nil, patch: parts.count > 2 ? parts[2] : nil)
    }

    /// The canonical spelling of a captured word, looked up case-insensitively; `nil` if unknown.
    static func canonical(_ word: String?, in table: [String: String]) -> String? {
        word.flatMap { table[$0.lowercased()] }
    }

    /// Builds an identity when every part is known.
    static func identity(
        _ family: String, _ name: String?, _ flavor: String?, _ version: Version?, arch: String? = nil
    ) -> ImageIdentity? {
        guard let name, let flavor, let version else { return nil }
        return ImageIdentity(family: family, name: name, flavor: flavor, version: version, arch: arch)
    }
}
