import ISOCatalog

/// What a sync has to do to make a mirror hold exactly the repository's images, decided from the
/// repository's images, the mirror's listing and the ownership record; no I/O.
///
/// Deletion follows design §7 as it applies to a copy: only a path in the ownership record (rule 2:
/// only what isofleet put there), only one the repository no longer holds (the repository's own
/// update run applied rules 1 and 4 when it deleted it), only once every image the repository
/// holds is on the mirror and verified (rule 3: the new image is in place before the old one
/// goes), and only a path that stays inside the mirror's root (rule 5).
public struct MirrorPlan: Sendable, Equatable {
    /// On the mirror already, uploaded and verified by isofleet with the same size and SHA-256 (or
    /// found identical there before, ``MirrorOwnership/identical``).
    public var inSync: [MirrorImage] = []
    /// Missing, or an earlier upload of this fleet that differs or was never verified.
    public var uploads: [MirrorImage] = []
    /// A file isofleet did not put there is at the image's path with the same size: identical
    /// bytes make it count as held (it is never deleted); different ones are a failure.
    public var foreignSameSize: [MirrorImage] = []
    /// A file isofleet did not put there, of another size, is at the image's path: left alone,
    /// reported as a failure.
    public var foreignConflicts: [MirrorImage] = []
    /// Files this fleet put on the mirror that the repository no longer holds.
    public var superseded: [String] = []

    /// The plan for `images` against a mirror listing `files` (path → size) and `ownership`.
    public init(images: [MirrorImage], files: [String: Int64], ownership: MirrorOwnership) {
        for image in images {
            let owned = ownership.files[image.path]
            switch (files[image.path], owned) {
            case (let size?, let owned?)
            where size == image.size && owned.verified && owned.size == image.size && owned.sha256 == image.sha256:
                inSync.append(image)
            case (nil, _), (_, _?):
                uploads.append(image)
            case (let size?, nil):
                let known = ownership.identical?[image.path]
                if size == image.size, known?.size == size, known?.sha256 == image.sha256 {
                    inSync.append(image)
                } else if size == image.size {
                    foreignSameSize.append(image)
                } else {
                    foreignConflicts.append(image)
                }
            }
        }
        let wanted = Set(images.map(\.path))
        superseded = ownership.files.keys.filter { !wanted.contains($0) && RepositoryPath.isSafe($0) }.sorted()
    }
}
