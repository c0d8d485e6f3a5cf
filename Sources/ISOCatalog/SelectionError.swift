/// Why a selection spec (design §5) was refused. `message` is one line naming what is wrong.
public struct SelectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of mistake it is; stable for callers that branch on it.
    public enum Code: String, Hashable, Sendable {
        case empty
        case wrongSegmentCount
        case emptySegment
        case wildcardFamily
        case emptyVersion
        case tooManyVersionComponents
        case emptyVersionComponent
        case wildcardVersion
        case latestBeforePrecise
        case invalidCharacter
        case invalidKeep
    }

    public var code: Code
    /// The spec as given.
    public var spec: String
    /// The one-line explanation, starting with `invalid selection "SPEC": `.
    public var message: String

    public init(_ code: Code, spec: String, detail: String) {
        self.code = code
        self.spec = spec
        self.message = "invalid selection \"\(spec)\": \(detail)"
    }

    public var description: String { message }
}
