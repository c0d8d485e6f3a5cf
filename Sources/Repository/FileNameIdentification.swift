public import ISOCatalog

/// The one place the node turns a file name into an identity: the domain's `FileNameParser`,
/// shared by `scan`, `import` and `parse-name`.
public enum FileNameIdentification {
    /// The identity for `path` (relative, so layout paths round-trip), or why there is none.
    public static func identity(of path: String) -> Result<ImageIdentity, FileNameParseError> {
        FileNameParser.parse(path)
    }

    /// Why `path` yields no identity, for an operator: that no pattern matched, then what the
    /// parser recognised and what was missing; with the guess that prefills the classify form.
    public static func unclassified(_ path: String) -> (reason: String, guess: FileNameGuess) {
        let guess = FileNameParser.guess(path)
        return ("not a name of a known distribution or of the default layout; \(guess.summary)", guess)
    }
}
