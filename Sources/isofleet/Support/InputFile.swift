import Foundation

/// Reads a file named on the command line; `-` is stdin. A missing file is invalid input (exit 2),
/// one that exists but cannot be read a runtime failure (exit 1).
enum InputFile {
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError.invalidInput("\(path): no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.failure("\(path): cannot be read")
        }
        return data
    }
}
