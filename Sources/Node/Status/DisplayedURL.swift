import Foundation

/// URLs as the node shows them to anyone (issue 15, item 10): without `user:password@` and
/// without query or fragment, where signed URLs carry their secrets.
public enum DisplayedURL {
    /// `text` (an error message) with every URL in it shown by ``withoutSecrets(_:)``.
    public static func scrubbed(_ text: String) -> String {
        text.replacing(#/[A-Za-z][A-Za-z0-9+.\-]*://[^\s'"<>]+/#) { match in withoutSecrets(String(match.output)) }
    }

    /// `url` without credentials, query and fragment; a text that is no URL is cut at `?` and `#`
    /// and at the last `@` of its authority all the same.
    public static func withoutSecrets(_ url: String) -> String {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        guard let scheme = text.range(of: "://") else { return String(text) }
        let authorityEnd = text[scheme.upperBound...].firstIndex(of: "/") ?? text.endIndex
        guard let at = text[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return String(text) }
        return String(text[..<scheme.upperBound] + text[text.index(after: at)...])
    }
}
