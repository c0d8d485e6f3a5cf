/// One line for a JSON decoding error: the field path and what was wrong
/// (`missing field .version`, `.keep: Expected to decode Int but found a string`).
public enum DecodingProblem {
    public static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            let location = path(context.codingPath)
            if location.isEmpty, context.underlyingError != nil { return "not valid JSON" }
            return (location.isEmpty ? "" : "\(location): ") + context.debugDescription
        default: return "\(error)"
        }
    }
}
