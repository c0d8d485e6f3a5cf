/// Maps an identity to a path inside the repository (design §6).
///
/// Templates are checked once, in `init(template:)`: relative, no empty, `.` or `..` segments, no
/// control characters or backslashes, balanced braces, only known placeholders.
///
/// Rendering (`relativePath(for:fileName:)`):
/// - `{version}` joins the present components with dots;
/// - an absent `{minor}`, `{patch}` or `{arch}` renders as nothing and takes one neighbouring
///   separator (`.`, `-`, `_` or space) with it: the one before it, or, when it starts a path segment,
///   the one after it (`{name}-{arch}.iso` and `{arch}-{name}.iso` give `Ubuntu.iso`; `{name}{arch}.iso`
///   gives `Ubuntu.iso` too). A directory segment left empty is dropped, but the last segment (the file)
///   may not end up empty;
/// - `{file_name}` must be given when the template uses it (otherwise `missingValue`) and be a leaf name;
/// - a value containing `/`, `\`, a control character, or being `.` or `..`, is refused, and the
///   rendered path is checked again: never absolute, never `..`, never empty segments.
public struct Layout: Hashable, Sendable {
    /// `{family}/{name} - {flavor}/{name_lower}.{flavor_lower}-{version}.iso`.
    public static let defaultTemplate = "{family}/{name} - {flavor}/{name_lower}.{flavor_lower}-{version}.iso"

    /// The layout with `defaultTemplate`.
    public static let `default` = try! Layout(template: defaultTemplate)

    /// The template as given.
    public let template: String
    private let pieces: [Piece]

    private enum Piece: Hashable, Sendable {
        case literal(String)
        case placeholder(LayoutPlaceholder)
    }

    private static let separators: Set<Character> = [".", "-", "_", " "]

    /// Checks and compiles `template`.
    public init(template: String) throws(LayoutError) {
        func fail(_ code: LayoutError.Code, _ detail: String) -> LayoutError {
            LayoutError(code, "layout template \"\(template)\": \(detail)")
        }
        guard !template.isEmpty else { throw fail(.emptyTemplate, "template is empty") }
        guard !template.hasPrefix("/") else { throw fail(.absolutePath, "must be relative, not start with '/'") }
        if let scalar = template.unicodeScalars.first(where: { $0.isControl || $0 == "\\" }) {
            throw fail(
                .invalidCharacter, scalar == "\\" ? "contains '\\'" : "contains control character U+\(scalar.hex)")
        }
        var pieces: [Piece] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            guard rest[open] == "{" else { throw fail(.unbalancedBrace, "'}' without '{'") }
            if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(where: { $0 == "{" || $0 == "}" }),
                rest[close] == "}"
            else { throw fail(.unbalancedBrace, "'{' without '}'") }
            let name = String(rest[afterOpen..<close])
            guard let placeholder = LayoutPlaceholder(rawValue: name) else {
                let known = LayoutPlaceholder.allCases.map { "{\($0.rawValue)}" }.joined(separator: " ")
                throw fail(.unknownPlaceholder, "unknown placeholder {\(name)}; known: \(known)")
            }
            pieces.append(.placeholder(placeholder))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }

        // Segment checks on the template with every placeholder standing for "x".
        let skeleton = pieces.map { piece -> String in
            if case .literal(let text) = piece { return text } else { return "x" }
        }.joined()
        for segment in skeleton.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { throw fail(.emptySegment, "contains an empty path segment") }
            if segment == ".." || segment == "." { throw fail(.parentReference, "contains a '\(segment)' segment") }
        }
        self.template = template
        self.pieces = pieces
    }

    /// The placeholders the template uses, in order of appearance.
    public var placeholders: [LayoutPlaceholder] {
        pieces.compactMap { if case .placeholder(let p) = $0 { p } else { nil } }
    }

    /// The path, relative to the repository root, where `identity` lives.
    public func relativePath(for identity: ImageIdentity, fileName: String? = nil) throws(LayoutError) -> String {
        func fail(_ code: LayoutError.Code, _ detail: String) -> LayoutError {
            LayoutError(code, "layout \"\(template)\" cannot place \(identity): \(detail)")
        }
        var output = ""
        var dropNextSeparator = false
        for piece in pieces {
            switch piece {
            case .literal(var text):
                if dropNextSeparator, let first = text.first, Self.separators.contains(first) {
                    text.removeFirst()
                }
                dropNextSeparator = false
                output += text
            case .placeholder(let placeholder):
                dropNextSeparator = false
                guard let value = placeholder.value(for: identity, fileName: fileName), !value.isEmpty else {
                    guard placeholder.isOptional else {
                        throw fail(.missingValue, "{\(placeholder.rawValue)} has no value")
                    }
                    if let last = output.last, Self.separators.contains(last) {
                        output.removeLast()
                    } else if output.isEmpty || output.last == "/" {
                        // First in its segment: take the separator after it instead.
                        dropNextSeparator = true
                    }
                    continue
                }
                if let problem = Self.unsafety(of: value) {
                    throw fail(.unsafeValue, "{\(placeholder.rawValue)} value \"\(value)\" \(problem)")
                }
                output += value
            }
        }
        var segments = output.split(separator: "/", omittingEmptySubsequences: false)
        if segments.last?.isEmpty ?? true {
            throw fail(.emptySegment, "the file name renders empty")
        }
        segments.removeAll { $0.isEmpty }
        let path = segments.joined(separator: "/")
        if let problem = Self.pathProblem(path) { throw fail(.unsafeValue, problem) }
        return path
    }

    /// Why `value` may not stand for a placeholder, or `nil` when it may.
    private static func unsafety(of value: String) -> String? {
        if value == "." || value == ".." { return "is a relative directory reference" }
        if value.contains("/") || value.contains("\\") { return "contains a path separator" }
        if let scalar = value.unicodeScalars.first(where: \.isControl) {
            return "contains control character U+\(scalar.hex)"
        }
        return nil
    }

    /// Why `path` is not a safe relative path, or `nil` when it is. Public twin: `RepositoryPath`.
    static func pathProblem(_ path: String) -> String? {
        RepositoryPath.problem(with: path)
    }
}
