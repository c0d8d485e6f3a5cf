/// Resolves selections against a manifest (design §1 "best image", §5).
///
/// For each name+flavor pair (compared case-insensitively) among the images the selection matches,
/// the result holds the `keep` highest distinct versions, best first. Versions that order the same
/// (`22.04` and `22.4`) count as one version; among such ties exactly one image is chosen by, in order:
/// 1. an image without `arch` before one with an `arch`, then `arch` ascending (`amd64` < `arm64`);
/// 2. the version's exact text ascending by Unicode scalars (`22.04` before `22.4`);
/// 3. family, name, flavor exact text ascending.
/// The result never depends on the order of images in the manifest.
public enum Resolver {
    /// Resolves one selection; `spec` is recorded as given (defaults to the compact form).
    public static func resolve(_ selection: Selection, in manifest: Manifest, spec: String? = nil) -> Resolution {
        let candidates = manifest.images.filter { selection.matches($0.identity) }
        guard !candidates.isEmpty else {
            let arch = selection.arch.map { " for arch \($0)" } ?? ""
            let error =
                manifest.images.isEmpty
                ? ResolutionError(.emptyManifest, "\(spec ?? selection.description): the manifest has no images")
                : ResolutionError(.noMatch, "\(spec ?? selection.description): no image in the manifest matches\(arch)")
            return Resolution(selection: selection, spec: spec, images: [], error: error)
        }
        let pairs = Dictionary(grouping: candidates) { pairKey($0.identity) }
        var images: [ManifestImage] = []
        for key in pairs.keys.sorted() {
            let ranked = pairs[key]!.sorted { isBetter($0.identity, than: $1.identity) }
            var chosen: [ManifestImage] = []
            for image in ranked where chosen.count < selection.effectiveKeep {
                if !chosen.contains(where: { $0.version.ordersSame(as: image.version) }) { chosen.append(image) }
            }
            images += chosen
        }
        return Resolution(selection: selection, spec: spec, images: images)
    }

    /// Resolves each selection in turn.
    public static func resolve(_ selections: [Selection], in manifest: Manifest) -> [Resolution] {
        selections.map { resolve($0, in: manifest) }
    }

    /// True when `a` ranks strictly before `b`: higher version, then the documented tie-breaks.
    /// A strict total order on identities.
    public static func isBetter(_ a: ImageIdentity, than b: ImageIdentity) -> Bool {
        let order = Version.order(b.version, a.version)
            .then(compareArch(a.arch, b.arch))
            .then(compareText(a.version.description, b.version.description))
            .then(compareText(a.version.major, b.version.major))
            .then(compareText(a.version.minor ?? "", b.version.minor ?? ""))
            .then(compareText(a.version.patch ?? "", b.version.patch ?? ""))
            .then(compareText(a.family, b.family))
            .then(compareText(a.name, b.name))
            .then(compareText(a.flavor, b.flavor))
        return order == .ascending
    }

    /// The grouping key of a name+flavor pair (family included), case-insensitive.
    static func pairKey(_ identity: ImageIdentity) -> String {
        [identity.family, identity.name, identity.flavor].map { $0.lowercased() }.joined(separator: "\u{1}")
    }

    private static func compareArch(_ a: String?, _ b: String?) -> VersionOrder {
        switch (a, b) {
        case (nil, nil): .same
        case (nil, _): .ascending
        case (_, nil): .descending
        case (let x?, let y?): compareText(x, y)
        }
    }

    private static func compareText(_ a: String, _ b: String) -> VersionOrder {
        if a == b { return .same }
        return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? .ascending : .descending
    }
}
