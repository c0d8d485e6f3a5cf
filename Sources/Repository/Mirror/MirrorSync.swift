import Digest
public import Fetch
public import Foundation
public import ISOCatalog

/// Makes one mirror hold exactly what the repository holds, at the same layout paths, plus
/// `inventory.json`: uploads what is missing or differs, verifies what landed
/// (``MirrorVerification``), then deletes what the repository no longer holds (``MirrorPlan``).
///
/// One writer per mirror: the sync holds the mirror's ``MirrorLease`` while it writes and skips a
/// mirror another node holds. It writes only under the mirror's root and only replaces or deletes
/// paths in the mirror's ``MirrorOwnership`` record. A failed image (no space, refused) is
/// reported and the next one tried; a mirror that stops answering ends the sync; the next sync
/// retries. The repository is only read.
///
/// Blocking, like ``RemoteStore``: call ``run(images:)`` through `OffPool`.
public final class MirrorSync {
    /// The mirror.
    public let store: any RemoteStore
    /// The repository's root, where the images are read from.
    public let repositoryRoot: String
    /// Who writes the lease: the node's host name and data directory.
    public let holder: String
    public let verification: MirrorVerification
    /// How long a lease lasts; it is renewed once half has run out.
    public let leaseDuration: TimeInterval
    private let now: @Sendable () -> Date
    private let progress: (MirrorSyncProgress) -> Void
    private let shouldContinue: () -> Bool

    /// - Parameters:
    ///   - verification: nil: ``MirrorVerification/default(for:)`` of the store's scheme.
    ///   - progress: called after each image and while one uploads or is read back.
    ///   - shouldContinue: polled between images and during transfers; false cancels the sync,
    ///     which leaves no partial file at a layout path.
    public init(
        store: any RemoteStore, repositoryRoot: String, holder: String, verification: MirrorVerification? = nil,
        leaseDuration: TimeInterval = 600, now: @escaping @Sendable () -> Date = { Date() },
        progress: @escaping (MirrorSyncProgress) -> Void = { _ in }, shouldContinue: @escaping () -> Bool = { true }
    ) {
        self.store = store
        self.repositoryRoot = repositoryRoot
        self.holder = holder
        self.verification = verification ?? .default(for: store.root.scheme)
        self.leaseDuration = leaseDuration
        self.now = now
        self.progress = progress
        self.shouldContinue = shouldContinue
    }

    /// The names a sync keeps at the mirror's root besides the images.
    public static let recordNames: Set<String> = [MirrorOwnership.fileName, MirrorLease.fileName, "inventory.json"]

    /// Syncs the mirror to `entries` (the repository's held, verified images; those without a
    /// SHA-256 are not mirrored and listed in ``MirrorSyncReport/notMirrored``).
    public func run(images entries: [InventoryEntry]) -> MirrorSyncReport {
        var report = MirrorSyncReport(mirror: store.root.description, outcome: .synced)
        let images = entries.compactMap(MirrorImage.init)
        report.notMirrored = entries.filter { $0.sha256 == nil }.map(\.path)
        report.missing = images.count
        let lease = MirrorLeaseKeeper(store: store, holder: holder, duration: leaseDuration, now: now)
        do {
            _ = try lease.acquire()
        } catch let held as MirrorLeaseKeeper.Held {
            report.outcome = .leased(holder: held.lease.holder, until: held.lease.expires)
            return report
        } catch {
            report.outcome = .failed("cannot take the lease: \(Self.reason(error))")
            return report
        }
        defer { lease.release() }
        do {
            try sync(images, lease: lease, into: &report)
        } catch let held as MirrorLeaseKeeper.Held {
            report.outcome = .failed("lost the lease to node \(held.lease.holder); stopped writing")
        } catch {
            report.outcome = .failed(Self.reason(error))
        }
        report.missing = images.count - report.holds.count
        return report
    }

    // MARK: The steps

    private func sync(_ images: [MirrorImage], lease: MirrorLeaseKeeper, into report: inout MirrorSyncReport) throws {
        var ownership = try readOwnership()
        let listing = try store.listFiles().filter { !Self.recordNames.contains($0.path) }
        let plan = MirrorPlan(
            images: images,
            files: Dictionary(listing.map { ($0.path, $0.size) }, uniquingKeysWith: { first, _ in first }),
            ownership: ownership)
        for image in plan.inSync { report.holds[image.path] = image.sha256 }
        for image in plan.foreignConflicts {
            report.failures.append(
                MirrorFailure(path: image.path, reason: "a file isofleet did not put there is at this path; left alone")
            )
        }
        for image in plan.foreignSameSize {
            try checkContinue()
            if try hashOnMirror(image.path, size: image.size, uploads: (0, plan.uploads.count)) == image.sha256 {
                report.holds[image.path] = image.sha256
                try lease.confirm()
                ownership.identical = (ownership.identical ?? [:]).merging([
                    image.path: MirrorOwnership.OwnedFile(
                        size: image.size, sha256: image.sha256, verified: true, uploaded: now())
                ]) { _, new in new }
                try writeOwnership(ownership)
            } else {
                report.failures.append(
                    MirrorFailure(
                        path: image.path,
                        reason: "a different file isofleet did not put there is at this path; left alone"))
            }
        }
        for (index, image) in plan.uploads.enumerated() {
            try checkContinue()
            progress(
                MirrorSyncProgress(
                    uploadsDone: index, uploadsTotal: plan.uploads.count, path: image.path, bytesTotal: image.size))
            try lease.confirm()
            if let failure = try uploadReportingFailure(
                image, ownership: &ownership, lease: lease, uploads: (index, plan.uploads.count))
            {
                report.failures.append(failure)
            } else {
                report.holds[image.path] = image.sha256
                report.uploaded.append(image.path)
            }
        }
        progress(MirrorSyncProgress(uploadsDone: plan.uploads.count, uploadsTotal: plan.uploads.count))
        if report.holds.count == images.count && report.failures.isEmpty {
            for path in plan.superseded {
                try checkContinue()
                try lease.confirm()
                if let (failure, error) = removeReportingFailure(path, ownership: &ownership) {
                    report.failures.append(failure)
                    if !Self.isPerImage(error) { throw error }
                } else {
                    report.deleted.append(path)
                }
            }
        }
        try lease.confirm()
        try writeInventory(images.filter { report.holds[$0.path] == $0.sha256 }.map(\.entry))
    }

    /// ``upload(_:ownership:lease:uploads:)``; a failure of this image alone (no space, refused,
    /// a bad check) comes back as a ``MirrorFailure``, any other is thrown.
    private func uploadReportingFailure(
        _ image: MirrorImage, ownership: inout MirrorOwnership, lease: MirrorLeaseKeeper, uploads: (Int, Int)
    ) throws -> MirrorFailure? {
        do {
            try upload(image, ownership: &ownership, lease: lease, uploads: uploads)
            return nil
        } catch {
            guard let fetch = error as? FetchError, Self.isPerImage(fetch) else { throw error }
            return MirrorFailure(path: image.path, reason: fetch.message)
        }
    }

    /// Removes `path` (superseded) and drops it from `ownership`; the failure, if any.
    private func removeReportingFailure(
        _ path: String, ownership: inout MirrorOwnership
    ) -> (MirrorFailure, error: FetchError)? {
        do {
            try store.remove(path)
            ownership.files[path] = nil
            try writeOwnership(ownership)
            return nil
        } catch {
            return (MirrorFailure(path: path, reason: "cannot remove: \(error.message)"), error)
        }
    }

    /// Uploads `image`, recording it as this fleet's before the upload starts, then verifies it.
    private func upload(
        _ image: MirrorImage, ownership: inout MirrorOwnership, lease: MirrorLeaseKeeper, uploads: (Int, Int)
    ) throws {
        let local = repositoryRoot + "/" + image.path
        var info = stat()
        guard stat(local, &info) == 0, Int64(info.st_size) == image.size else {
            throw FetchError(
                .io, url: nil, "the repository's file \(local) is gone or changed size; it is retried next run")
        }
        ownership.files[image.path] = MirrorOwnership.OwnedFile(
            size: image.size, sha256: image.sha256, verified: false, uploaded: now())
        try writeOwnership(ownership)
        var leaseTrouble: (any Error)?
        do {
            try store.upload(from: local, to: image.path, sha256: image.sha256) { sent in
                progress(
                    MirrorSyncProgress(
                        uploadsDone: uploads.0, uploadsTotal: uploads.1, path: image.path, bytesDone: sent,
                        bytesTotal: image.size))
                do { try lease.confirmWhenDue() } catch {
                    leaseTrouble = error
                    return false
                }
                return shouldContinue()
            }
        } catch {
            throw leaseTrouble ?? error
        }
        try verify(image, uploads: uploads)
        try lease.confirm()
        ownership.files[image.path]?.verified = true
        ownership.files[image.path]?.uploaded = now()
        try writeOwnership(ownership)
    }

    /// Checks what landed at `image.path`; a file that does not match is removed (it is ours).
    private func verify(_ image: MirrorImage, uploads: (Int, Int)) throws {
        let landed = try store.size(of: image.path)
        var problem: String?
        if landed != image.size {
            problem = "landed with \(landed.map { "\($0) bytes" } ?? "nothing"), expected \(image.size) bytes"
        } else if verification == .readBack {
            let digest = try hashOnMirror(image.path, size: image.size, uploads: uploads)
            if digest != image.sha256 { problem = "landed with SHA-256 \(digest), expected \(image.sha256)" }
        }
        guard let problem else { return }
        try? store.remove(image.path)
        throw FetchError(.checksumMismatch, url: store.root.appending(image.path).url, problem + "; removed")
    }

    /// The SHA-256 of the mirror's file at `path`, read back whole.
    private func hashOnMirror(_ path: String, size: Int64, uploads: (Int, Int)) throws -> String {
        let reader = try store.openForReading(path)
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FileDigest.blockSize, alignment: 4096)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while true {
            let count = try reader.read(at: offset, into: buffer)
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            offset += Int64(count)
            progress(
                MirrorSyncProgress(
                    uploadsDone: uploads.0, uploadsTotal: uploads.1, path: path, bytesDone: offset, bytesTotal: size))
            try checkContinue()
        }
        return hasher.finalize()
    }

    private func readOwnership() throws -> MirrorOwnership {
        guard let data = try store.readSmallFile(MirrorOwnership.fileName, maxBytes: MirrorOwnership.maximumBytes)
        else {
            return MirrorOwnership()
        }
        guard let record = MirrorOwnership.decode(data) else {
            throw FetchError(
                .invalidRequest, url: store.root.appending(MirrorOwnership.fileName).url,
                "the ownership record \(store.root.appending(MirrorOwnership.fileName)) is damaged; nothing was written (move it away to start a new one; files it listed are then never deleted)"
            )
        }
        return record
    }

    private func writeOwnership(_ ownership: MirrorOwnership) throws(FetchError) {
        try store.writeSmallFile(MirrorOwnership.fileName, ownership.encoded())
    }

    /// Writes `inventory.json` listing `entries` unless it already does.
    private func writeInventory(_ entries: [InventoryEntry]) throws {
        let data = try InventoryCoding.encode(entries)
        if try store.readSmallFile("inventory.json", maxBytes: max(data.count, 1) * 4 + (1 << 20)) == data { return }
        try store.writeSmallFile("inventory.json", data)
    }

    private func checkContinue() throws(FetchError) {
        guard shouldContinue() else {
            throw FetchError(.cancelled, url: store.root.url, "the sync of \(store.root) was cancelled")
        }
    }

    /// True for failures of one image that leave the next worth trying: no space, a file too
    /// large, a local file gone, a check that failed, a refused path. A mirror that stops
    /// answering (network, timeout) or a cancellation ends the sync.
    private static func isPerImage(_ error: FetchError) -> Bool {
        switch error.code {
        case .noSpace, .tooLarge, .io, .checksumMismatch, .sizeMismatch, .accessDenied, .notFound, .invalidRequest: true
        default: false
        }
    }

    /// One line for `error`.
    static func reason(_ error: any Error) -> String {
        if let fetch = error as? FetchError { return fetch.message }
        return "\(error)"
    }
}
