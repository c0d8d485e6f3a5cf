public import Common
import Foundation
public import ISOCatalog
import Synchronization

/// The ISO repository on disk: a root directory and the layout that places images in it.
///
/// The layout is shared by every copy of one repository value: ``adoptLayout(_:)`` (after a
/// ``LayoutMover`` moved the files) changes it for every part of the node holding a copy at once.
public struct Repository: Sendable {
    /// Absolute path of the root, without a trailing slash and with symbolic links resolved.
    public let root: String
    private let sharedLayout: SharedLayout

    /// The layout new images are placed by.
    public var layout: Layout { sharedLayout.value.withLock { $0 } }

    /// A repository at `root` (created when missing by ``create()``).
    public init(root: String, layout: Layout = .default) {
        self.root = Self.canonical(root)
        self.sharedLayout = SharedLayout(layout)
    }

    /// Places images by `layout` from now on, in this value and every copy of it.
    public func adoptLayout(_ layout: Layout) {
        sharedLayout.value.withLock { $0 = layout }
    }

    /// Creates the root directory when missing.
    public func create() throws(CatalogError) {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw CatalogError(.io, "cannot create repository \(root)", cause: error)
        }
    }

    /// The absolute path of `relative`, a path relative to the root.
    public func absolutePath(of relative: String) -> String { root + "/" + relative }

    /// `path` relative to the root, or nil when it lies outside. `path` may be relative to the
    /// working directory; symbolic links in its directories are resolved first.
    public func relativePath(of path: String) -> String? {
        let absolute = Self.canonical(path)
        if absolute == root { return "" }
        guard absolute.hasPrefix(root + "/") else { return nil }
        let relative = String(absolute.dropFirst(root.count + 1))
        return RepositoryPath.isSafe(relative) ? relative : nil
    }

    /// The layout path of `identity`, checked to stay inside the root.
    public func layoutPath(for identity: ImageIdentity, fileName: String? = nil) throws(CatalogError) -> String {
        do {
            return try layout.relativePath(for: identity, fileName: fileName)
        } catch {
            throw CatalogError(.invalidInput, error.message, cause: nil)
        }
    }

    /// An absolute, standardised path with the symbolic links of its existing part resolved
    /// (`realpath` of the longest existing prefix, the rest appended).
    static func canonical(_ path: String) -> String {
        var absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        while absolute.count > 1, absolute.hasSuffix("/") { absolute.removeLast() }
        var existing = absolute
        var rest: [String] = []
        while existing != "/", !FileManager.default.fileExists(atPath: existing) {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        guard let resolved = realpath(existing, nil) else { return absolute }
        defer { free(resolved) }
        let base = String(cString: resolved)
        return rest.isEmpty ? base : (base == "/" ? "" : base) + "/" + rest.joined(separator: "/")
    }
}

/// The layout cell every copy of a ``Repository`` shares.
private final class SharedLayout: Sendable {
    let value: Mutex<Layout>

    init(_ layout: Layout) { value = Mutex(layout) }
}
