public import Common
import Digest
public import Foundation
public import ISOCatalog
import ISOStore
public import Logging
import Repository
public import WireTypes

/// What the front ends (the web API and page, the command line through the node) ask of the node,
/// answered in wire types; every failure is a ``RequestError``. Store reads and writes run off
/// the cooperative pool in the async calls.
extension NodeEnvironment {
    /// Every image of the catalog, in the store's order.
    public func images() throws(RequestError) -> [ImageJSON] {
        do { return try store.images().map { ImageJSON($0) } } catch { throw RequestError(error) }
    }

    /// ``images()`` off the cooperative pool.
    public func imagesOffPool() async throws(RequestError) -> [ImageJSON] {
        try await OffPool.run("isofleet-store-images") { () throws(RequestError) in try images() }
    }

    /// Every selection, oldest first.
    public func selections() throws(RequestError) -> [SelectionJSON] {
        do { return try store.selections().map { SelectionJSON($0) } } catch { throw RequestError(error) }
    }

    /// Parses and stores a selection; `change` says whether it was `added`, `updated` or `unchanged`.
    /// - Throws: `invalidInput` naming the rule for an invalid spec.
    public func addSelection(
        spec: String, arch: String?, keep: Int?, autoUpdate: Bool
    ) throws(RequestError) -> SelectionJSON {
        let selection: Selection
        do {
            selection = try Selection(parsing: spec, arch: arch, keep: keep ?? 1)
        } catch {
            throw RequestError(.invalidInput, error.message)
        }
        do {
            let (stored, change) = try store.addSelection(selection, autoUpdate: autoUpdate)
            var json = SelectionJSON(stored, change: "\(change)")
            json.warning = unmatchedWarning(for: selection)
            return json
        } catch {
            throw RequestError(error)
        }
    }

    /// Removes a selection (`change` is `removed`); `notFound` for an unknown id.
    public func removeSelection(id: Int64) throws(RequestError) -> SelectionJSON {
        do { return SelectionJSON(try store.removeSelection(id: id), change: "removed") } catch {
            throw RequestError(error)
        }
    }

    /// The run-time settings in force.
    public func currentSettings() throws(RequestError) -> SettingsJSON {
        do { return SettingsJSON(manifestInterval: try settings.manifestIntervalText()) } catch {
            throw RequestError(error)
        }
    }

    /// Stores new run-time settings; `invalidInput` naming the key and rule.
    public func updateSettings(_ new: SettingsJSON) throws(RequestError) {
        guard let interval = new.manifestInterval else {
            throw RequestError(.invalidInput, "nothing to change: send {\"manifest_interval\": \"6h\"}")
        }
        do { try settings.setManifestInterval(interval) } catch {
            throw RequestError(error.code == .invalidInput ? .invalidInput : .failure, error.description)
        }
    }

    /// Pulls the manifest now (`manifest.url`, honouring `manifest.min_age` unless `force`), as
    /// `isofleet sync` does; a failed pull is in the report, not an error. With `autoUpdate` (the
    /// daemon's launcher), a pull that brought a new manifest starts the auto-update run a timed
    /// pull starts (``ManifestSyncLoopService/react(to:atStart:store:launcher:logger:)``).
    /// - Throws: `invalidInput` for a malformed `manifest.min_age`.
    public func syncManifest(
        force: Bool, autoUpdate: (launcher: any UpdateLauncher, logger: Logger)? = nil
    ) async throws(RequestError) -> ManifestSyncReport {
        let synchronizer: ManifestSynchronizer
        do { synchronizer = try site.manifestSynchronizer(store: store) } catch {
            throw RequestError(.invalidInput, error.message)
        }
        let result = await synchronizer.sync(force: force)
        if let autoUpdate {
            ManifestSyncLoopService.react(
                to: result, store: store, launcher: autoUpdate.launcher, logger: autoUpdate.logger)
        }
        return ManifestSyncReport(result: result, url: synchronizer.url)
    }

    /// ``addToCatalog(_:mode:progress:)`` for the running daemon (the API and page), off the
    /// cooperative pool, copying files outside the layout: each file must pass ``importRoots``
    /// (inside `import.roots`, or already in the repository) and is read at its real path.
    public func addToCatalogOffPool(_ requests: [CatalogAdditionRequest]) async -> [Result<ImageJSON, RequestError>] {
        let roots = importRoots
        return await OffPool.run("isofleet-catalog-add") {
            requests.map { request in
                var checked = request
                do throws(RequestError) { checked.path = try roots.check(request.path) } catch {
                    return .failure(error)
                }
                return addToCatalog([checked], mode: .copy)[0]
            }
        }
    }

    /// The held image at `relative` (a path inside the repository) and its file's real path, after
    /// every check: a safe relative path, `present` in the store, a regular file of the stored size
    /// whose real path lies inside the repository and which, when it has more than one hard link,
    /// is unchanged since it was verified. Anything else is `notFound`.
    public func servableFile(atRelativePath relative: String) throws(RequestError) -> (image: ImageJSON, path: String) {
        let stored: StoredImage?
        do {
            stored = RepositoryPath.problem(with: relative) == nil ? try store.image(path: relative) : nil
        } catch {
            throw RequestError(error)
        }
        guard let image = stored, image.state == .present else {
            throw RequestError(.notFound, "no held image at /files/\(relative)")
        }
        // Fetched without a published sha256 (manifest.allow_unverified): held, never served.
        guard image.verified else {
            throw RequestError(
                .notFound, "\(image.path) is held but unverified (its manifest gave no sha256); not served")
        }
        let absolute = repository.absolutePath(of: image.path)
        var info = stat()
        guard let resolved = realpath(absolute, nil) else {
            throw RequestError(.notFound, "\(image.path) is held but its file is gone; run a scan")
        }
        defer { free(resolved) }
        let real = String(cString: resolved)
        guard real.hasPrefix(repository.root + "/"), stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw RequestError(.notFound, "no held image at /files/\(relative)")
        }
        guard Int64(info.st_size) == image.size else {
            throw RequestError(.notFound, "\(image.path) changed on disk since it was verified; run a scan")
        }
        // A second name for the file may be a link to a file from outside the repository: served
        // only while it is exactly the file that was verified (size and modification time).
        let stamp = FileStamp(
            size: Int64(info.st_size),
            modificationTimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
        guard info.st_nlink <= 1 || image.checksumStamp == stamp else {
            throw RequestError(
                .notFound, "\(image.path) has \(info.st_nlink) hard links and changed since it was verified; not served"
            )
        }
        return (ImageJSON(image), real)
    }
}

extension NodeEnvironment {
    /// The node's holdings as an `isofleet-manifest/1` document (design §3), encoded, and its
    /// ETag: every present, verified image (never one fetched without a published sha256) with its file URL (`fileURL(path)`), its `.torrent` URL under
    /// `baseURL` when the swarm seeds it, its size and sha256. `generated` is when the newest of
    /// them was added, so the same holdings give the same bytes.
    public func holdingsManifest(
        baseURL: String, fileURL: (String) -> String
    ) async throws(RequestError) -> (data: Data, etag: String) {
        // Unverified images (fetched without a published sha256) are never advertised.
        let unverified: Set<String>
        do { unverified = Set(try store.images().filter { !$0.verified }.map(\.path)) } catch {
            throw RequestError(error)
        }
        let images = try await imagesOffPool().filter {
            $0.state == "present" && !unverified.contains($0.path)
        }
        var entries: [ManifestImage] = []
        for image in images {
            var sources = ImageSources(http: [fileURL(image.path)])
            if let torrents = engines.torrents, let hash = await torrents.infoHash(forPath: image.path) {
                sources.torrent = baseURL + "/torrents/\(hash).torrent"
                sources.magnet = await torrents.magnet(forPath: image.path)
            }
            entries.append(
                ManifestImage(
                    identity: image.identity, displayName: image.displayName,
                    fileName: (image.path as NSString).lastPathComponent, size: image.size, sha256: image.sha256,
                    sources: sources))
        }
        let manifest = Manifest(generated: images.map(\.added).max() ?? Date(timeIntervalSince1970: 0), images: entries)
        let data: Data
        do { data = try manifest.encoded() } catch {
            throw RequestError(.failure, "cannot encode the holdings manifest: \(error)")
        }
        return (data, "\"\(SHA256.hex(of: data))\"")
    }
}
