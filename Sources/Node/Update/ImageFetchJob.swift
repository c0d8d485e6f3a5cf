import Acquisition
import Common
import Digest
import Fetch
import Foundation
import ISOCatalog
import ISOStore
import Repository
import Swarm

/// One planned fetch, start to finish: acquire into `incomplete/` (acquirers in policy order) →
/// check size and SHA-256 → promote atomically to the layout path → record in the store (source
/// `manifest`, linked to the selections it was fetched for). The transfer is tracked in the store's
/// `transfer` table while it runs. No partial or unverified file ever sits at a layout path.
struct ImageFetchJob: Sendable {
    let repository: Repository
    let store: CatalogStore
    let incompleteDirectory: String
    /// Where the torrent the swarm fetched an image with is kept for seeding (``TorrentCache``).
    let torrentCache: TorrentCache
    var acquirers: [any ImageAcquirer]
    let storedBySpec: [String: StoredSelection]
    let broadcaster: UpdateEventBroadcaster

    /// How a fetch starts: already settled (adopted, refused), or to be acquired.
    private enum Start: Sendable {
        case settled(Result<FetchedImage, FailedFetch>)
        case acquire(Transfer, incomplete: String)
    }

    func run(_ fetch: PlannedFetch) async -> Result<FetchedImage, FailedFetch> {
        let start = await OffPool.run("isofleet-fetch-prepare") { self.prepare(fetch) }
        let transfer: Transfer
        let incomplete: String
        switch start {
        case .settled(let result): return result
        case .acquire(let row, let path): (transfer, incomplete) = (row, path)
        }
        let image = fetch.image
        var reasons: [String] = []
        var cancelled = false
        var acquired: (AcquiredImage, AcquisitionKind)?
        for acquirer in acquirers {
            let status = TransferStatus(
                identity: image.identity, path: fetch.path, kind: acquirer.kind,
                bytesDone: HTTPAcquirer.size(of: incomplete), totalBytes: image.size)
            broadcaster.publish(.transferStarted(status))
            let throttle = ProgressThrottle(interval: .seconds(1))
            let store = store
            let broadcaster = broadcaster
            var row = transfer
            row.source = acquirer.kind.rawValue
            let tracked = row
            do {
                let result = try await acquirer.acquire(image, into: incomplete) { progress in
                    broadcaster.publish(.transferProgress(status.updated(with: progress)))
                    if throttle.shouldFire() {
                        var update = tracked
                        update.bytesDone = progress.bytesDone
                        update.source = progress.source
                        update.updated = Date()
                        _ = try? store.upsertTransfer(update)
                    }
                }
                acquired = (result, acquirer.kind)
                break
            } catch {
                reasons.append(error.message)
                cancelled = error.code == .cancelled
                if error.stopsTheFetch { break }
            }
        }
        guard let (result, kind) = acquired else {
            let reason = reasons.joined(separator: "; ")
            let state: TransferState = cancelled ? .paused : .failed
            return await OffPool.run("isofleet-fetch-failed") { self.failed(transfer, reason, state: state) }
        }
        let overcome = reasons
        return await OffPool.run("isofleet-fetch-place") {
            self.place(fetch, result, kind: kind, transfer: transfer, incomplete: incomplete, notes: overcome)
        }
    }

    /// Checks the layout path (adopting a matching file already there) and records the transfer.
    private func prepare(_ fetch: PlannedFetch) -> Start {
        let image = fetch.image
        func failure(_ reason: String) -> Start {
            .settled(.failure(FailedFetch(identity: image.identity, path: fetch.path, reason: reason)))
        }
        let destination = repository.absolutePath(of: fetch.path)
        guard repository.relativePath(of: destination) == fetch.path else {
            return failure("\(fetch.path) does not resolve inside the repository \(repository.root)")
        }
        if FileManager.default.fileExists(atPath: destination) {
            return .settled(adoptExisting(fetch, at: destination))
        }
        guard !acquirers.isEmpty else {
            return failure("\(image.identity): no acquirer can use its sources (\(describe(image.sources)))")
        }
        let incomplete = incompleteDirectory + "/" + Self.incompleteName(for: image)
        let partial = HTTPAcquirer.size(of: incomplete)
        if let size = image.size,
            let shortfall = FreeSpace.shortfall(
                size: size, partial: partial, incompleteFile: incomplete, repositoryRoot: repository.root)
        {
            return failure("\(image.identity): \(shortfall)")
        }
        let transfer = Transfer(
            identity: image.identity, path: fetch.path, source: acquirers[0].kind.rawValue,
            bytesDone: partial, bytesTotal: image.size, state: .running)
        return .acquire((try? store.upsertTransfer(transfer)) ?? transfer, incomplete: incomplete)
    }

    /// Checks size and SHA-256 against the manifest, promotes the file to its layout path and
    /// records it.
    private func place(
        _ fetch: PlannedFetch, _ result: AcquiredImage, kind: AcquisitionKind, transfer: Transfer,
        incomplete: String, notes overcome: [String]
    ) -> Result<FetchedImage, FailedFetch> {
        let image = fetch.image
        let destination = repository.absolutePath(of: fetch.path)
        if let size = image.size, result.size != size {
            unlink(result.path)
            return failed(
                transfer, "\(image.identity): \(result.size) bytes acquired, the manifest says \(size); discarded")
        }
        if let sha256 = image.sha256?.lowercased(), result.sha256 != sha256 {
            unlink(result.path)
            return failed(
                transfer, "\(image.identity): SHA-256 \(result.sha256), the manifest says \(sha256); discarded")
        }
        if FileManager.default.fileExists(atPath: destination) {
            return failed(transfer, "a file appeared at \(destination) during the transfer; not overwritten")
        }
        do {
            if result.stillSeeding {
                try FilePromotion.promote(linking: result.path, to: destination)
            } else {
                try FilePromotion.promote(incomplete: result.path, to: destination)
            }
        } catch {
            return failed(transfer, "\(image.identity): cannot place it at \(destination): \(error.description)")
        }
        // Verified only against a published sha256: never served otherwise (ManifestTrust).
        if let problem = record(
            fetch, size: result.size, sha256: result.sha256, verified: image.sha256 != nil, at: destination)
        {
            unlink(destination)
            return failed(transfer, problem)
        }
        if let id = transfer.id { try? store.removeTransfer(id: id) }
        for acquirer in acquirers { acquirer.discardLeftovers(for: incomplete) }
        let failuresOvercome = overcome + result.notes
        var notes = failuresOvercome
        if let torrentFile = result.torrentFile {
            do { try torrentCache.storeSource(torrentFile, sha256: result.sha256) } catch {
                notes.append("it will not seed the swarm it came from: \(error.message)")
            }
        }
        if !result.verified { notes.append("the manifest gives no SHA-256: only the size was checked") }
        return .success(
            FetchedImage(
                identity: image.identity, path: fetch.path, size: result.size, sha256: result.sha256,
                verified: result.verified, kind: kind, source: result.source, bytesFromOrigin: result.bytesFromOrigin,
                bytesFromSwarm: result.bytesFromSwarm, resumedFromBytes: result.resumedFromBytes, notes: notes,
                overcome: failuresOvercome))
    }

    /// The name of the incomplete file: stable across runs (so a killed run resumes), readable.
    static func incompleteName(for image: ManifestImage) -> String {
        let identity = image.identity
        var parts = [identity.family, identity.name, identity.flavor, identity.version.description]
        if let arch = identity.arch { parts.append(arch) }
        if let sha256 = image.sha256 { parts.append(String(sha256.prefix(12))) }
        let name = parts.joined(separator: "-").map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" }
        return String(name) + ".part"
    }

    /// A file sits at the layout path but the store does not hold it (say a run killed between
    /// promotion and recording): it is adopted when it matches the manifest's size and SHA-256,
    /// and left alone otherwise.
    private func adoptExisting(_ fetch: PlannedFetch, at destination: String) -> Result<FetchedImage, FailedFetch> {
        let image = fetch.image
        func refuse(_ why: String) -> Result<FetchedImage, FailedFetch> {
            .failure(
                FailedFetch(
                    identity: image.identity, path: fetch.path,
                    reason:
                        "a file the store does not know sits at \(destination) (\(why)); not overwritten: run 'isofleet scan' or move it"
                ))
        }
        guard let sha256 = image.sha256 else { return refuse("the manifest gives no SHA-256 to check it against") }
        let size = HTTPAcquirer.size(of: destination)
        if let expected = image.size, size != expected { return refuse("\(size) bytes, the manifest says \(expected)") }
        let actual: String
        do { actual = try FileDigest.sha256(ofFileAt: destination) } catch { return refuse("\(error)") }
        guard actual == sha256.lowercased() else { return refuse("its SHA-256 is \(actual)") }
        if let problem = record(fetch, size: size, sha256: actual, verified: true, at: destination) {
            return .failure(FailedFetch(identity: image.identity, path: fetch.path, reason: problem))
        }
        return .success(
            FetchedImage(
                identity: image.identity, path: fetch.path, size: size, sha256: actual, verified: true, kind: .http,
                source: nil, bytesFromOrigin: 0, bytesFromSwarm: 0, resumedFromBytes: size,
                notes: ["the file already at the layout path matched the manifest: adopted"]))
    }

    /// Stores the placed image and its selection links; returns the problem, or nil.
    private func record(
        _ fetch: PlannedFetch, size: Int64, sha256: String, verified: Bool, at destination: String
    ) -> String? {
        let image = fetch.image
        do {
            let existing = try store.image(identity: image.identity)
            var info = stat()
            let stamp =
                stat(destination, &info) == 0
                ? FileStamp(
                    size: Int64(info.st_size),
                    modificationTimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000
                        + Int64(info.st_mtim.tv_nsec))
                : nil
            let stored = try store.upsertImage(
                StoredImage(
                    id: existing?.id, identity: image.identity, path: fetch.path, size: size, sha256: sha256,
                    source: .manifest, displayName: image.displayName ?? existing?.displayName, state: .present,
                    checksumStamp: stamp, verified: verified))
            guard let id = stored.id else { return "\(image.identity): the store returned no id" }
            for spec in fetch.selections {
                if let selection = storedBySpec[spec] { try store.link(imageID: id, to: selection) }
            }
            return nil
        } catch {
            return "\(image.identity): placed at \(destination) but cannot record it: \(error)"
        }
    }

    /// Records the transfer as failed (or paused, when cancelled: its bytes are kept for a resume).
    private func failed(
        _ transfer: Transfer, _ reason: String, state: TransferState = .failed
    ) -> Result<FetchedImage, FailedFetch> {
        var row = transfer
        row.state = state
        row.error = reason
        row.updated = Date()
        _ = try? store.upsertTransfer(row)
        return .failure(FailedFetch(identity: transfer.identity, path: transfer.path, reason: reason))
    }

    private func describe(_ sources: ImageSources) -> String {
        var kinds: [String] = []
        if !sources.http.isEmpty { kinds.append("http") }
        if sources.torrent != nil { kinds.append("torrent") }
        if sources.magnet != nil { kinds.append("magnet") }
        if !sources.s3.isEmpty { kinds.append("s3") }
        if !sources.smb.isEmpty { kinds.append("smb") }
        if !sources.nfs.isEmpty { kinds.append("nfs") }
        if !sources.file.isEmpty { kinds.append("file") }
        return kinds.isEmpty ? "none" : kinds.joined(separator: ", ")
    }
}
