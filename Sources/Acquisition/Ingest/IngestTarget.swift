public import Common
import Foundation
public import ISOCatalog
public import Repository

/// Where an added image goes: its layout path when its file name tells its identity (the parser
/// of `scan` and `parse-name`), else `<repository>/<file name>` (placed, but not registered:
/// `catalog add` can register it later).
public struct IngestTarget: Sendable, Hashable {
    /// The image's file name as the source names it.
    public let fileName: String
    /// The identity guessed from the file name; nil when it tells none.
    public let identity: ImageIdentity?
    /// Path relative to the repository root.
    public let relativePath: String
    /// Absolute path.
    public let absolutePath: String

    /// The target of `fileName` in `repository`.
    /// - Throws: ``IngestError`` `invalidInput` for a name that cannot be a file name.
    public init(fileName: String, repository: Repository) throws(IngestError) {
        guard !fileName.isEmpty, !fileName.contains("/"), fileName != ".", fileName != "..", !fileName.hasPrefix(".")
        else {
            throw IngestError(.invalidInput, "'\(fileName)' cannot be used as a file name")
        }
        self.fileName = fileName
        var identity: ImageIdentity?
        var relativePath = fileName
        if case .success(let parsed) = FileNameIdentification.identity(of: fileName),
            let layoutPath = try? repository.layoutPath(for: parsed, fileName: fileName)
        {
            identity = parsed
            relativePath = layoutPath
        }
        self.identity = identity
        self.relativePath = relativePath
        absolutePath = repository.absolutePath(of: relativePath)
    }

    /// Fails when something already occupies the target.
    /// - Throws: ``IngestError`` `conflict`.
    public func checkFree() throws(IngestError) {
        var info = stat()
        if lstat(absolutePath, &info) == 0 {
            throw IngestError(.conflict, "\(absolutePath) already exists; move it away first")
        }
    }
}
