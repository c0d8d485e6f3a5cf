public import Foundation
public import ISOCatalog

/// A file scan or import could not classify, as `GET /api/v1/unclassified` and `scan --json`'s
/// list speak it: `{"path", "origin", "file", "size", "reason", "guess": {"family", "name",
/// "flavor", "version": {"major", "minor", "patch"} | null, "arch"}, "seen"}`, absent values as
/// `null`.
public struct UnclassifiedFileJSON: Codable, Sendable, Equatable {
    /// Relative to the repository root (`scan`) or absolute (`import`).
    public var path: String
    /// `scan` or `import`.
    public var origin: String
    /// The absolute path to give `catalog add` (the classify form's file field).
    public var file: String
    public var size: Int64
    /// What the parser recognised and what was missing.
    public var reason: String
    /// What the parser could read from the name.
    public var guess: FileNameGuess
    /// When the scan or import that listed it ran.
    public var seen: Date

    public init(
        path: String, origin: String, file: String, size: Int64, reason: String, guess: FileNameGuess, seen: Date
    ) {
        self.path = path
        self.origin = origin
        self.file = file
        self.size = size
        self.reason = reason
        self.guess = guess
        self.seen = seen
    }

    enum CodingKeys: String, CodingKey { case path, origin, file, size, reason, guess, seen }
    enum GuessKeys: String, CodingKey { case family, name, flavor, version, arch }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        origin = try container.decode(String.self, forKey: .origin)
        file = try container.decode(String.self, forKey: .file)
        size = try container.decode(Int64.self, forKey: .size)
        reason = try container.decode(String.self, forKey: .reason)
        guess = try container.decode(FileNameGuess.self, forKey: .guess)
        seen = try container.decode(Date.self, forKey: .seen)
    }

    /// Writes every key, absent guesses as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(origin, forKey: .origin)
        try container.encode(file, forKey: .file)
        try container.encode(size, forKey: .size)
        try container.encode(reason, forKey: .reason)
        try container.encode(seen, forKey: .seen)
        var fields = container.nestedContainer(keyedBy: GuessKeys.self, forKey: .guess)
        try fields.encode(guess.family, forKey: .family)
        try fields.encode(guess.name, forKey: .name)
        try fields.encode(guess.flavor, forKey: .flavor)
        try fields.encode(guess.version, forKey: .version)
        try fields.encode(guess.arch, forKey: .arch)
    }
}
