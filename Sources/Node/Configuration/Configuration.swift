public import Foundation

/// The node's settings, layered: command-line flags beat the environment, which beats the file,
/// which beats the built-in defaults (design §8).
///
/// The file is `key = value` lines with `#` comments, the keys being those of ``ConfigurationKey``.
/// An unknown key is an error, so a typo never silently leaves a default in force.
public struct Configuration: Sendable {
    /// Where the file came from, if any was read.
    public let file: String?
    private var values: [String: String]

    /// Reads the file (when given), then the environment, then `overrides`.
    public init(
        file: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: [ConfigurationKey: String] = [:]
    ) throws(ConfigurationError) {
        self.file = file
        values = [:]
        for key in ConfigurationKey.all {
            if let value = key.defaultValue { values[key.name] = value }
        }
        if let file {
            for (name, value) in try Self.parseFile(at: file) { values[name] = value }
        }
        for key in ConfigurationKey.all {
            if let value = environment[key.environmentName] { values[key.name] = value }
        }
        for (key, value) in overrides { values[key.name] = value }
    }

    /// The configuration file to read when `--config` is not given: `config/isofleet.conf` in the
    /// working directory, then `/etc/isofleet/isofleet.conf`; nil when neither exists.
    public static func defaultFile(workingDirectory: String = FileManager.default.currentDirectoryPath) -> String? {
        let candidates = [workingDirectory + "/config/isofleet.conf", "/etc/isofleet/isofleet.conf"]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The value in force for `key`, or nil when unset and without default. Empty means unset.
    public subscript(key: ConfigurationKey) -> String? {
        guard let value = values[key.name], !value.isEmpty else { return nil }
        return value
    }

    /// The value of `key` read as a duration such as `90s`, `30m`, `6h`, `1d` or plain seconds.
    public func duration(_ key: ConfigurationKey) throws(ConfigurationError) -> Duration? {
        guard let text = self[key] else { return nil }
        guard let duration = Self.parseDuration(text) else {
            throw ConfigurationError("\(key.name): '\(text)' is not a duration (e.g. 90s, 30m, 6h, 1d; at most 366d)")
        }
        return duration
    }

    /// The value of `key` read as a switch: `on`/`off`, `true`/`false`, `yes`/`no`, `1`/`0`.
    public func flag(_ key: ConfigurationKey) throws(ConfigurationError) -> Bool? {
        guard let text = self[key] else { return nil }
        switch text.lowercased() {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        default: throw ConfigurationError("\(key.name): '\(text)' is not on or off")
        }
    }

    /// The value of `key` split at commas, blanks dropped.
    public func list(_ key: ConfigurationKey) -> [String] {
        (self[key] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The longest duration any setting takes: a year and a day. Longer values (and numbers that
    /// overflow) are refused as input, never carried to a sleep or a clock where they would trap.
    public static let maximumDuration = Duration.seconds(366 * 86_400)

    /// `90s`, `30m`, `6h`, `1d` or plain seconds, from 0 up to ``maximumDuration``; nil otherwise.
    static func parseDuration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var seconds: Int64
        if let unit = trimmed.last, let factor = units[unit], let number = Int64(trimmed.dropLast()), number >= 0 {
            let (product, overflow) = number.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            seconds = product
        } else if let number = Int64(trimmed), number >= 0 {
            seconds = number
        } else {
            return nil
        }
        let duration = Duration.seconds(seconds)
        return duration <= maximumDuration ? duration : nil
    }

    private static func parseFile(at path: String) throws(ConfigurationError) -> [(String, String)] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationError("cannot read configuration \(path): \(error.localizedDescription)")
        }
        let known = Set(ConfigurationKey.all.map(\.name))
        var result: [(String, String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError("\(path):\(index + 1): expected 'key = value', got '\(line)'")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard known.contains(name) else {
                throw ConfigurationError("\(path):\(index + 1): unknown key '\(name)'")
            }
            result.append((name, value))
        }
        return result
    }
}

/// A configuration that cannot be used; the message names the file, line or key.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
