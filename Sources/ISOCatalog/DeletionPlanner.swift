/// Decides what an update run fetches, deletes and keeps (design §7). Pure: values in, plan out.
///
/// Fetch: every image some selection resolves to (up to its `keep`) that is not held present
/// (verified or unverified), placed by `layout`. It goes to `skip` instead when the layout refuses its
/// path, when it has no source, or when its path is taken — by a held image of another identity (say a
/// scanned copy without `arch` where the manifest names one) or by a better-ranked fetch (two arches
/// under a layout without `{arch}`): the planner never plans to overwrite a file. Fetches are planned
/// even when the manifest is not current (they only add); deletions are not.
///
/// A held image without `arch` (the file-name parser found none) whose path is the layout path of a
/// wanted manifest image that differs from it only by having an `arch` *is* that image
/// (``matchingArchless(_:wanted:layout:repositoryRoot:)``) when its SHA-256 is the manifest's: it
/// is held, kept for its selections, and does not block the fetch as a taken path would. When the
/// manifest gives no SHA-256 it is taken as unverified, so it never stands as the verified
/// replacement that lets an older image go (rule 5). Plan entries keep the store's identity.
///
/// A held image is deleted only when all hold, checked in this order (the first failing rule is the
/// keep reason):
/// 1. no selection resolves to it;
/// 2. the manifest is current (refreshed in this run or younger than `manifest.min_age`);
/// 3. it was acquired for a selection (`source == .manifest`), unless `prune`;
/// 4. its path lies inside the repository root;
/// 5. every selection that used to hold it — those in its `selectionIDs` that still exist, and every
///    selection whose rule it fits — resolves, in its name+flavor pair, to a best image that is held
///    and verified. A selection that resolves to nothing in that pair keeps it (the manifest may be
///    incomplete); a selection that no longer exists does not.
public enum DeletionPlanner {
    public static func plan(
        selections: [PlannedSelection], manifest: Manifest, manifestIsCurrent: Bool,
        held: [Holding], repositoryRoot: String, layout: Layout = .default, prune: Bool = false
    ) -> UpdatePlan {
        let resolutions = selections.map { ($0, Resolver.resolve($0.selection, in: manifest, spec: $0.spec)) }
        var plan = UpdatePlan()
        plan.unresolved = resolutions.compactMap { $0.1.error?.message }

        // Who wants what.
        var wantedBy: [ImageIdentity: [String]] = [:]
        var wantedImages: [ImageIdentity: ManifestImage] = [:]
        for (planned, resolution) in resolutions {
            for image in resolution.images {
                wantedBy[image.identity, default: []].append(planned.spec)
                wantedImages[image.identity] = image
            }
        }
        let stored = held
        let (held, matched) = matchingArchless(
            held, wanted: wantedImages, layout: layout, repositoryRoot: repositoryRoot)
        let present = Set(held.filter { $0.state.isPresent }.map(\.identity))
        let verified = Set(held.filter { $0.state.isPresentAndVerified }.map(\.identity))

        // Fetches, best-ranked first so that a path collision goes to the better image.
        var takenPaths: [String: String] = [:]
        for holding in held {
            takenPaths[relative(holding.path, to: repositoryRoot)] =
                "held image \(holding.identity) (\(holding.source.rawValue))"
        }
        let missing = wantedImages.keys.filter { !present.contains($0) }.sorted { Resolver.isBetter($0, than: $1) }
        for identity in missing {
            let image = wantedImages[identity]!
            let path: String
            do {
                path = try layout.relativePath(for: identity, fileName: image.fileName)
            } catch {
                plan.skip.append(PlannedEntry(identity: identity, path: "", reason: error.message))
                continue
            }
            if let owner = takenPaths[path],
                !held.contains(where: { $0.identity == identity && relative($0.path, to: repositoryRoot) == path })
            {
                plan.skip.append(
                    PlannedEntry(identity: identity, path: path, reason: "the layout path is taken by \(owner)"))
                continue
            }
            guard let kind = image.sources.preferredKind else {
                plan.skip.append(PlannedEntry(identity: identity, path: path, reason: "the manifest gives no source"))
                continue
            }
            takenPaths[path] = "planned fetch \(identity)"
            plan.fetch.append(
                PlannedFetch(image: image, path: path, source: kind, selections: wantedBy[identity] ?? []))
        }

        // Deletions and keeps, under the identity the store holds them by.
        for (image, storedImage) in zip(held, stored) {
            let (deleted, reason) = decide(
                image, wantedBy: wantedBy, verified: verified, resolutions: resolutions,
                manifestIsCurrent: manifestIsCurrent,
                repositoryRoot: repositoryRoot, prune: prune)
            let note = matched.contains(image.path) ? "; held without arch at its layout path: taken as this image" : ""
            let entry = PlannedEntry(identity: storedImage.identity, path: image.path, reason: reason + note)
            if deleted { plan.delete.append(entry) } else { plan.keep.append(entry) }
        }

        plan.fetch.sort { ($0.path, $0.identity.description) < ($1.path, $1.identity.description) }
        for keyPath in [\UpdatePlan.delete, \UpdatePlan.keep, \UpdatePlan.skip] {
            plan[keyPath: keyPath].sort { ($0.path, $0.identity.description) < ($1.path, $1.identity.description) }
        }
        return plan
    }

    /// `held` (same order) with each image without `arch` that lies at the layout path of a wanted
    /// manifest image of the same family, name, flavor and version but with an `arch`, and whose
    /// SHA-256 is that image's, taken as that image (the best-ranked such image when several share
    /// the path; unverified when the manifest gives no SHA-256), and the paths of those images.
    static func matchingArchless(
        _ held: [Holding], wanted: [ImageIdentity: ManifestImage], layout: Layout, repositoryRoot: String
    ) -> (held: [Holding], matched: Set<String>) {
        let heldIdentities = Set(held.map(\.identity))
        var matched: Set<String> = []
        let result = held.map { holding -> Holding in
            guard holding.identity.arch == nil, wanted[holding.identity] == nil else { return holding }
            let path = relative(holding.path, to: repositoryRoot)
            let candidates = wanted.values.filter { image in
                guard image.identity.arch != nil, !heldIdentities.contains(image.identity) else { return false }
                var archless = image.identity
                archless.arch = nil
                let sameBytes = image.sha256.map { $0.lowercased() == holding.sha256?.lowercased() } ?? true
                return archless == holding.identity && sameBytes
                    && (try? layout.relativePath(for: image.identity, fileName: image.fileName)) == path
            }
            guard let best = candidates.min(by: { Resolver.isBetter($0.identity, than: $1.identity) }) else {
                return holding
            }
            var taken = holding
            taken.identity = best.identity
            if best.sha256 == nil, taken.state == .verified { taken.state = .unverified }
            matched.insert(holding.path)
            return taken
        }
        return (result, matched)
    }

    /// `path` relative to `root` when it is an absolute path inside it; otherwise unchanged.
    private static func relative(_ path: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    private static func decide(
        _ image: Holding, wantedBy: [ImageIdentity: [String]], verified: Set<ImageIdentity>,
        resolutions: [(PlannedSelection, Resolution)],
        manifestIsCurrent: Bool, repositoryRoot: String, prune: Bool
    ) -> (delete: Bool, reason: String) {
        if let specs = wantedBy[image.identity] {
            let selected = "selected by \(specs.joined(separator: ", "))"
            return (false, image.state.isPresentAndVerified ? selected : "\(selected); \(image.state.rawValue)")
        }
        guard manifestIsCurrent else {
            return (
                false,
                "the manifest is not current (not refreshed in this run and older than min_age): nothing is deleted"
            )
        }
        guard image.source == .manifest || prune else {
            return (false, "acquired by \(image.source.rawValue), not for a selection: only --prune deletes it")
        }
        guard RepositoryPath.isInside(image.path, root: repositoryRoot) else {
            return (false, "path lies outside the repository root \(repositoryRoot): never deleted")
        }
        // Rule 5: replacements present and verified.
        let holders = resolutions.filter { planned, _ in
            image.selectionIDs.contains(planned.id) || planned.selection.matches(image.identity)
        }
        var replacements: [String] = []
        for (planned, resolution) in holders {
            let pair = Resolver.pairKey(image.identity)
            guard let best = resolution.images.first(where: { Resolver.pairKey($0.identity) == pair }) else {
                return (
                    false,
                    "\(planned.spec) resolves to no \(image.identity.family)/\(image.identity.name)/"
                        + "\(image.identity.flavor) image in the manifest: kept until it does"
                )
            }
            guard verified.contains(best.identity) else {
                return (
                    false, "waiting for its replacement \(best.identity) (\(planned.spec)) to be present and verified"
                )
            }
            replacements.append("\(best.identity) (\(planned.spec))")
        }
        let unselected =
            image.source == .manifest
            ? "no selection resolves to it"
            : "acquired by \(image.source.rawValue) and no selection resolves to it; --prune"
        return (
            true,
            replacements.isEmpty ? unselected : "\(unselected); replaced by \(replacements.joined(separator: ", "))"
        )
    }
}
