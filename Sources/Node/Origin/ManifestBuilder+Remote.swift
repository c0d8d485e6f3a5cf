public import Common
import Digest
import Fetch
public import Foundation
public import ISOCatalog
import Swarm

extension ManifestBuilder {
    /// The ISO files of the remote folder with their identities (sidecars read with
    /// `readSmallFile`), by the rules of ``identify()``.
    func identifyRemote() throws(RequestError) -> [Identified] {
        guard case .remote(let store) = folder else { return try identify() }
        let listing: RemoteISOListing
        do { listing = try RemoteISOListing(store) } catch {
            throw RequestError(
                error.code == .notFound ? .invalidInput : .failure, "cannot list \(store.root): \(error.message)")
        }
        var candidates: [Candidate] = []
        for file in listing.files {
            if let problem = file.sidecarProblem { throw problem }
            candidates.append(
                Candidate(
                    relativePath: file.entry.path, size: file.entry.size,
                    modifiedNanoseconds: file.entry.modified.map { Int64($0.timeIntervalSince1970) * 1_000_000_000 },
                    sidecar: file.sidecar))
        }
        return try Self.identified(candidates, in: store.root.description)
    }

    /// Reads the remote image once, front to back: the SHA-256 and the torrent's piece hashes
    /// are computed from the same bytes, nothing is written locally.
    func publishRemote(
        _ item: Identified, progress: @escaping (_ bytesDone: Int64) -> Void
    ) throws(RequestError)
        -> Published
    {
        guard case .remote(let store) = folder else { return try publish(item, progress: progress) }
        let location = store.root.appending(item.relativePath)
        let seedName = try seedFileName(item)
        var torrent: StreamingTorrentBuilder
        do throws(SwarmError) {
            torrent = try StreamingTorrentBuilder(
                name: seedName, size: item.size, pieceSize: PieceSize.default(forFileSize: item.size))
        } catch {
            throw RequestError(.invalidInput, "\(item.relativePath): \(error.message)")
        }
        var sha256 = SHA256()
        do throws(FetchError) {
            let reader = try store.openForReading(item.relativePath)
            guard reader.size == item.size else {
                throw FetchError(
                    .sizeMismatch, url: location.url,
                    "\(location) has \(reader.size) bytes, the listing said \(item.size): it changed while being published"
                )
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readSize, alignment: 4096)
            defer { buffer.deallocate() }
            var offset: Int64 = 0
            while offset < item.size {
                let wanted = Int(min(Int64(buffer.count), item.size - offset))
                let count = try reader.read(
                    at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]))
                guard count > 0 else {
                    throw FetchError(
                        .network, url: location.url, "\(location) ended after \(offset) of \(item.size) bytes")
                }
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<count])
                sha256.update(bytes)
                torrent.update(bytes)
                offset += Int64(count)
                progress(offset)
            }
        } catch {
            throw RequestError(.failure, "cannot read \(location): \(error.message)")
        }
        let created: CreatedTorrent
        do { created = try torrent.finish() } catch { throw RequestError(.failure, error.message) }
        return try finish(item, torrent: created, sha256: sha256.finalize())
    }

    /// Bytes per remote read: libnfs refuses NFSv4 reads over 1 MiB (storage notes).
    static let readSize = 1 << 20

    /// For a remote folder: writes the manifest `data` into it as `manifest.json` (and, with
    /// `signingKey`, its signature `manifest.json.sig`, signed by that key alone); returns the
    /// manifest's URL. Nil for a local folder.
    public func writeManifestIntoRemoteFolder(_ data: Data, signingKey: String?) throws(RequestError) -> String? {
        guard case .remote(let store) = folder else { return nil }
        let name = "manifest.json"
        var signature: Data?
        if let signingKey {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                "isofleet-manifest-\(getpid())-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: scratch) }
            do {
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                try data.write(to: scratch.appendingPathComponent(name))
            } catch {
                throw RequestError(
                    .failure, "cannot write a scratch copy in \(scratch.path): \(error.localizedDescription)")
            }
            let signed = try ManifestSigning.sign(
                manifestAt: scratch.appendingPathComponent(name).path, keyAt: signingKey)
            signature = FileManager.default.contents(atPath: signed.path)
        }
        do {
            try store.writeSmallFile(name, data)
            if let signature { try store.writeSmallFile(name + ".sig", signature) }
        } catch {
            throw RequestError(.failure, "cannot write \(store.root.appending(name)): \(error.message)")
        }
        return store.root.appending(name).description
    }

    /// True when the builder publishes a remote folder.
    public var isRemote: Bool {
        if case .remote = folder { return true }
        return false
    }
}

extension NodeSite {
    /// A ``ManifestBuilder`` for the remote folder `url` (`s3://bucket/prefix/`, `smb://…`,
    /// `nfs://…`, `file:///…`), reached with this site's remote-storage settings. The torrents go
    /// to `torrentsDirectory`, else beside the images in the remote folder.
    /// - Throws: `invalidInput` for a URL that is not such a folder, a folder that does not exist
    ///   or wrong remote-storage settings; `failure` when it cannot be reached.
    public func manifestBuilder(
        remote url: String, baseURL: URL?, torrentsDirectory: String?, layout: Layout
    ) throws(RequestError) -> ManifestBuilder {
        let location: RemoteLocation
        do { location = try RemoteLocation(parsing: url).asFolder } catch {
            throw RequestError(.invalidInput, error.message)
        }
        let access: RemoteAccess
        do { access = try remoteAccess(settings: try fetchSettings()) } catch {
            throw RequestError(.invalidInput, error.description)
        }
        do {
            return ManifestBuilder(
                store: try access.open(location), baseURL: baseURL, torrentsDirectory: torrentsDirectory, layout: layout
            )
        } catch {
            throw RequestError(
                error.code == .notFound ? .invalidInput : .failure, "cannot open \(location): \(error.message)")
        }
    }
}
