public import Common
import Digest
public import Foundation
public import ISOCatalog
import ISOStore
import Repository
import Swarm

/// The origin role (design §3): a folder of ISO files as an `isofleet-manifest/1` manifest.
///
/// Each `*.iso` under ``directory`` (hidden entries and symbolic links skipped, as `scan` does)
/// gets its identity from its sidecar (``ManifestSidecar``) or else from its file name (the
/// `parse-name` parser), its SHA-256 and size, and a deterministic torrent (the one every node
/// makes for the same file: default piece size, hybrid) written to ``torrentsDirectory`` as
/// `RELATIVE_PATH.torrent`. The torrent's file name is the one ``layout`` gives the image, not the
/// origin's: a node that fetched the image seeds the deterministic torrent of its placed file,
/// named by its layout, so only then is it the manifest's torrent (same info-hash) and the
/// fleet keeps serving it. With a base URL, `sources.http` is the base URL plus the relative
/// path, and `sources.torrent` the base URL plus the torrent's path when the torrent lies under
/// ``directory`` (served with the images); `sources.magnet` is always set.
public struct ManifestBuilder: Sendable {
    /// One image as published.
    public struct Published: Sendable {
        /// The image file, relative to the folder.
        public var relativePath: String
        public var image: ManifestImage
        public var infoHashV1: String?
        public var infoHashV2: String?
        /// Where its `.torrent` was written.
        public var torrentPath: String
    }

    /// One ISO with the identity it will be published under.
    public struct Identified: Sendable {
        var file: FoundFile
        public var identity: ImageIdentity
        public var displayName: String?
        /// The SHA-256 the sidecar names, checked against the file.
        var expectedSHA256: String?

        /// The image file, relative to the folder.
        public var relativePath: String { file.relativePath }
        /// Its size in bytes.
        public var size: Int64 { file.stamp.size }
    }

    /// The folder published, absolute, without a trailing slash.
    let directory: String
    /// Where the folder is served, ending in `/`; nil: no HTTP or torrent URL sources.
    let baseURL: URL?
    /// Where the `.torrent` files go (default: beside the images).
    let torrentsDirectory: String
    /// The fleet's `repository.layout`, which names the file inside each torrent.
    let layout: Layout

    /// A builder for the images in `directory` (absolute), their `.torrent`s written to
    /// `torrentsDirectory`, their HTTP sources under `baseURL` when given, and each torrent named
    /// by `layout` as nodes will store the image.
    public init(directory: String, baseURL: URL?, torrentsDirectory: String, layout: Layout) {
        self.directory = directory
        self.baseURL = baseURL
        self.torrentsDirectory = torrentsDirectory
        self.layout = layout
    }

    /// Every ISO under the folder with its identity, sorted by path; checked before anything is
    /// hashed. Invalid input (exit 2): no ISO at all, a name the parser cannot read and no
    /// sidecar (naming the file), a malformed sidecar, two files with one identity.
    public func identify() throws(RequestError) -> [Identified] {
        let found: ISOFileFinder.Result
        do { found = try ISOFileFinder().find(in: directory) } catch {
            throw RequestError(.invalidInput, "cannot read \(directory): \(error.description)")
        }
        guard !found.files.isEmpty else { throw RequestError(.invalidInput, "\(directory) holds no .iso file") }
        var identified: [Identified] = []
        var seen: [ImageIdentity: String] = [:]
        for file in found.files {
            let item: Identified
            if let sidecar = try ManifestSidecar.read(besides: file.absolutePath) {
                item = Identified(
                    file: file, identity: sidecar.identity, displayName: sidecar.displayName,
                    expectedSHA256: sidecar.sha256?.lowercased())
            } else {
                switch FileNameParser.parse(file.fileName) {
                case .success(let identity): item = Identified(file: file, identity: identity)
                case .failure(let error):
                    throw RequestError(
                        .invalidInput,
                        "\(file.relativePath): \(error.message); add \(file.fileName).json with its identity")
                }
            }
            if let other = seen[item.identity] {
                throw RequestError(
                    .invalidInput,
                    "\(other) and \(file.relativePath) are both \(item.identity.description)")
            }
            seen[item.identity] = file.relativePath
            identified.append(item)
        }
        return identified
    }

    /// Hashes `item`, writes its torrent, and describes it as a manifest image. The SHA-256 runs
    /// on a thread of its own while the torrent's piece hashes are computed here: both read the
    /// file at once (the slower one, the torrent, mostly from the page cache the other fills).
    public func publish(
        _ item: Identified, progress: @escaping (_ bytesDone: Int64) -> Void
    ) throws(RequestError) -> Published {
        let size = item.file.stamp.size
        let named = try seedName(item)
        defer {
            if let named { try? FileManager.default.removeItem(atPath: (named as NSString).deletingLastPathComponent) }
        }
        let digest = ManifestBackgroundDigest(path: item.file.absolutePath)
        let torrent: CreatedTorrent
        do {
            let pieceSize = PieceSize.default(forFileSize: size)
            torrent = try TorrentCreator.create(
                file: named ?? item.file.absolutePath, pieceSize: pieceSize, mode: .default
            ) { done, total in progress(size * Int64(done) / Int64(max(total, 1))) }
        } catch {
            _ = digest.wait()
            throw error.code == .io ? RequestError(.failure, error.message) : RequestError(.invalidInput, error.message)
        }
        let sha256: String
        switch digest.wait() {
        case .success(let value): sha256 = value
        case .failure(let error): throw RequestError(.failure, error.description)
        }
        if let expected = item.expectedSHA256, expected != sha256 {
            throw RequestError(
                .failure,
                "\(item.file.relativePath): SHA-256 is \(sha256), its sidecar says \(expected)")
        }
        let torrentPath = torrentsDirectory + "/" + item.file.relativePath + ".torrent"
        do {
            try FileManager.default.createDirectory(
                atPath: (torrentPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try torrent.data.write(to: URL(fileURLWithPath: torrentPath), options: .atomic)
        } catch {
            throw RequestError(.failure, "cannot write \(torrentPath): \(error.localizedDescription)")
        }
        var sources = ImageSources(magnet: torrent.magnet())
        if let baseURL {
            sources.http = [Self.url(baseURL, item.file.relativePath)]
            if torrentPath.hasPrefix(directory + "/") {
                sources.torrent = Self.url(baseURL, String(torrentPath.dropFirst(directory.count + 1)))
            }
        }
        let image = ManifestImage(
            identity: item.identity, displayName: item.displayName, fileName: item.file.fileName, size: size,
            sha256: sha256, sources: sources)
        return Published(
            relativePath: item.file.relativePath, image: image, infoHashV1: torrent.infoHashes.v1,
            infoHashV2: torrent.infoHashes.v2, torrentPath: torrentPath)
    }

    /// A hard link to the image under the file name the layout gives it, in a hidden temporary
    /// folder of ``directory`` (same file system) that the caller removes; nil when the image
    /// already has that name. Exit 1 when the link cannot be made (a read-only folder).
    private func seedName(_ item: Identified) throws(RequestError) -> String? {
        let layoutPath: String
        do { layoutPath = try layout.relativePath(for: item.identity, fileName: item.file.fileName) } catch {
            throw RequestError(
                .invalidInput, "\(item.file.relativePath): the layout cannot place \(item.identity): \(error.message)")
        }
        let name = (layoutPath as NSString).lastPathComponent
        guard name != item.file.fileName else { return nil }
        let folder = directory + "/.isofleet-manifest-\(getpid())-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            try FileManager.default.linkItem(atPath: item.file.absolutePath, toPath: folder + "/" + name)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw RequestError(
                .failure,
                "cannot link \(item.file.relativePath) as \(name) in \(directory) to name its torrent: \(error.localizedDescription)"
            )
        }
        return folder + "/" + name
    }

    /// The manifest of `published`, dated by the newest file (so an unchanged folder gives the
    /// same bytes on every run), checked by the parser every node uses.
    public func manifest(_ published: [Published], of identified: [Identified]) throws(RequestError) -> Data {
        let newest = identified.map(\.file).map(\.stamp.modificationTimeNanoseconds).max() ?? 0
        let generated = Date(timeIntervalSince1970: TimeInterval(newest / 1_000_000_000))
        let manifest = Manifest(generated: generated, images: published.map(\.image))
        let data: Data
        do { data = try manifest.encoded() } catch {
            throw RequestError(.failure, "cannot encode the manifest: \(error)")
        }
        do { _ = try Manifest.parse(data) } catch {
            throw RequestError(.invalidInput, "the folder does not make a valid manifest: \(error.message)")
        }
        return data
    }

    /// `base` + `relativePath`, each path segment percent-encoded.
    static func url(_ base: URL, _ relativePath: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#[]@!$&'()*+,=")
        let encoded = relativePath.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
        return base.absoluteString + encoded
    }
}
