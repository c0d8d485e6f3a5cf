public import Common
import Digest
import Fetch
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
        /// The image file, relative to the folder.
        public var relativePath: String
        /// Its size in bytes.
        public var size: Int64
        /// Its modification time (nanoseconds since the epoch); nil when the storage does not say.
        var modifiedNanoseconds: Int64?
        public var identity: ImageIdentity
        public var displayName: String?
        /// The SHA-256 the sidecar names, checked against the file.
        var expectedSHA256: String?

        /// The last path component.
        var fileName: String { String(relativePath.split(separator: "/").last ?? Substring(relativePath)) }
    }

    /// Where the images are read from.
    enum Folder: Sendable {
        /// A local folder: absolute, without a trailing slash.
        case local(String)
        /// A remote folder (s3, smb, nfs, file URL), read through its store.
        case remote(any RemoteStore)
    }

    /// The folder published.
    let folder: Folder
    /// Where the folder is served, ending in `/`; nil: no HTTP or torrent URL sources.
    let baseURL: URL?
    /// Where the `.torrent` files go; nil: beside the images (in the remote folder for a remote one).
    let torrentsDirectory: String?
    /// The fleet's `repository.layout`, which names the file inside each torrent.
    let layout: Layout

    /// A builder for the images in `directory` (absolute), their `.torrent`s written to
    /// `torrentsDirectory`, their HTTP sources under `baseURL` when given, and each torrent named
    /// by `layout` as nodes will store the image.
    public init(directory: String, baseURL: URL?, torrentsDirectory: String, layout: Layout) {
        folder = .local(directory)
        self.baseURL = baseURL
        self.torrentsDirectory = torrentsDirectory
        self.layout = layout
    }

    /// A builder for the images of the remote folder `store` (see ``NodeSite/manifestBuilder(remote:baseURL:torrentsDirectory:layout:)``).
    init(store: any RemoteStore, baseURL: URL?, torrentsDirectory: String?, layout: Layout) {
        folder = .remote(store)
        self.baseURL = baseURL
        self.torrentsDirectory = torrentsDirectory
        self.layout = layout
    }

    /// Every ISO under the folder with its identity, sorted by path; checked before anything is
    /// hashed. Invalid input (exit 2): no ISO at all, a name the parser cannot read and no
    /// sidecar (naming the file), a malformed sidecar, two files with one identity.
    public func identify() throws(RequestError) -> [Identified] {
        guard case .local(let directory) = folder else { return try identifyRemote() }
        let found: ISOFileFinder.Result
        do { found = try ISOFileFinder().find(in: directory) } catch {
            throw RequestError(.invalidInput, "cannot read \(directory): \(error.description)")
        }
        var candidates: [Candidate] = []
        for file in found.files {
            candidates.append(
                Candidate(
                    relativePath: file.relativePath, size: file.stamp.size,
                    modifiedNanoseconds: file.stamp.modificationTimeNanoseconds,
                    sidecar: try ManifestSidecar.read(besides: file.absolutePath)))
        }
        return try Self.identified(candidates, in: directory)
    }

    /// An ISO found in the folder, not yet identified.
    struct Candidate {
        var relativePath: String
        var size: Int64
        var modifiedNanoseconds: Int64?
        var sidecar: ManifestSidecar?
    }

    /// Gives each candidate its identity (the sidecar's, else its file name's) and refuses two
    /// files with one identity.
    static func identified(_ candidates: [Candidate], in folderName: String) throws(RequestError) -> [Identified] {
        guard !candidates.isEmpty else { throw RequestError(.invalidInput, "\(folderName) holds no .iso file") }
        var identified: [Identified] = []
        var seen: [ImageIdentity: String] = [:]
        for candidate in candidates {
            let identity: ImageIdentity
            let fileName = String(candidate.relativePath.split(separator: "/").last ?? "")
            if let sidecar = candidate.sidecar {
                identity = sidecar.identity
            } else {
                switch FileNameParser.parse(fileName) {
                case .success(let parsed): identity = parsed
                case .failure(let error):
                    throw RequestError(
                        .invalidInput,
                        "\(candidate.relativePath): \(error.message); add \(fileName).json with its identity")
                }
            }
            let item = Identified(
                relativePath: candidate.relativePath, size: candidate.size,
                modifiedNanoseconds: candidate.modifiedNanoseconds, identity: identity,
                displayName: candidate.sidecar?.displayName, expectedSHA256: candidate.sidecar?.sha256?.lowercased())
            if let other = seen[item.identity] {
                throw RequestError(
                    .invalidInput,
                    "\(other) and \(item.relativePath) are both \(item.identity.description)")
            }
            seen[item.identity] = item.relativePath
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
        guard case .local(let directory) = folder else { return try publishRemote(item, progress: progress) }
        let path = directory + "/" + item.relativePath
        let size = item.size
        let named = try seedName(item, at: path, in: directory)
        defer {
            if let named { try? FileManager.default.removeItem(atPath: (named as NSString).deletingLastPathComponent) }
        }
        let digest = ManifestBackgroundDigest(path: path)
        let torrent: CreatedTorrent
        do {
            let pieceSize = PieceSize.default(forFileSize: size)
            torrent = try TorrentCreator.create(
                file: named ?? path, pieceSize: pieceSize, mode: .default
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
        return try finish(item, torrent: torrent, sha256: sha256)
    }

    /// Checks `sha256` against the sidecar's, writes the torrent and describes the image.
    func finish(_ item: Identified, torrent: CreatedTorrent, sha256: String) throws(RequestError) -> Published {
        if let expected = item.expectedSHA256, expected != sha256 {
            throw RequestError(
                .failure,
                "\(item.relativePath): SHA-256 is \(sha256), its sidecar says \(expected)")
        }
        let (torrentPath, servedTorrent) = try write(torrent, of: item)
        var sources = ImageSources(magnet: torrent.magnet())
        if case .remote(let store) = folder {
            let location = store.root.appending(item.relativePath).description
            switch store.root.scheme {
            case .s3: sources.s3 = [location]
            case .smb: sources.smb = [location]
            case .nfs: sources.nfs = [location]
            case .file: sources.file = [location]
            }
        }
        if let baseURL {
            sources.http = [Self.url(baseURL, item.relativePath)]
            if let servedTorrent { sources.torrent = Self.url(baseURL, servedTorrent) }
        }
        let image = ManifestImage(
            identity: item.identity, displayName: item.displayName, fileName: item.fileName, size: item.size,
            sha256: sha256, sources: sources)
        return Published(
            relativePath: item.relativePath, image: image, infoHashV1: torrent.infoHashes.v1,
            infoHashV2: torrent.infoHashes.v2, torrentPath: torrentPath)
    }

    /// Writes `torrent` as `RELATIVE_PATH.torrent` under ``torrentsDirectory``, or beside the
    /// image in the folder (a remote one through its store); returns where it went and, when
    /// that is inside the published folder (served with the images), its path relative to it.
    private func write(
        _ torrent: CreatedTorrent, of item: Identified
    ) throws(RequestError) -> (path: String, served: String?) {
        let relative = item.relativePath + ".torrent"
        let directory: String
        var served: String?
        switch (torrentsDirectory, folder) {
        case (nil, .remote(let store)):
            do { try store.writeSmallFile(relative, torrent.data) } catch {
                throw RequestError(.failure, "cannot write \(store.root.appending(relative)): \(error.message)")
            }
            return (store.root.appending(relative).description, relative)
        case (let chosen?, .remote): directory = chosen
        case (let chosen, .local(let folder)):
            directory = chosen ?? folder
            let path = directory + "/" + relative
            if path.hasPrefix(folder + "/") { served = String(path.dropFirst(folder.count + 1)) }
        }
        let torrentPath = directory + "/" + relative
        do {
            try FileManager.default.createDirectory(
                atPath: (torrentPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try torrent.data.write(to: URL(fileURLWithPath: torrentPath), options: .atomic)
        } catch {
            throw RequestError(.failure, "cannot write \(torrentPath): \(error.localizedDescription)")
        }
        return (torrentPath, served)
    }

    /// The file name the layout gives `item`: the name inside its torrent.
    func seedFileName(_ item: Identified) throws(RequestError) -> String {
        do {
            return (try layout.relativePath(for: item.identity, fileName: item.fileName) as NSString).lastPathComponent
        } catch {
            throw RequestError(
                .invalidInput, "\(item.relativePath): the layout cannot place \(item.identity): \(error.message)")
        }
    }

    /// A hard link to the image at `path` under the file name the layout gives it, in a hidden
    /// temporary folder of `directory` (same file system) that the caller removes; nil when the
    /// image already has that name. Exit 1 when the link cannot be made (a read-only folder).
    private func seedName(_ item: Identified, at path: String, in directory: String) throws(RequestError) -> String? {
        let name = try seedFileName(item)
        guard name != item.fileName else { return nil }
        let folder = directory + "/.isofleet-manifest-\(getpid())-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            try FileManager.default.linkItem(atPath: path, toPath: folder + "/" + name)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw RequestError(
                .failure,
                "cannot link \(item.relativePath) as \(name) in \(directory) to name its torrent: \(error.localizedDescription)"
            )
        }
        return folder + "/" + name
    }

    /// The manifest of `published`, dated by the newest file (so an unchanged folder gives the
    /// same bytes on every run; the time of the build when the storage gives no modification
    /// times), checked by the parser every node uses.
    public func manifest(_ published: [Published], of identified: [Identified]) throws(RequestError) -> Data {
        let times = identified.map(\.modifiedNanoseconds)
        let newest =
            times.contains(nil)
            ? Int64(Date().timeIntervalSince1970) * 1_000_000_000 : times.compactMap { $0 }.max() ?? 0
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
