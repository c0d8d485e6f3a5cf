import ISOCatalog
import PropertyBased
import Testing

/// The safety rules of design §7, checked over random manifests, selections and holdings drawn from a
/// small universe (so that selections, manifest images and holdings overlap often).
struct DeletionPlannerPropertyTests {
    static let root = "/srv/repo"
    static let names = ["A", "B"]
    static let flavors = ["X", "Y"]
    static let minors: [String?] = [nil, "0", "1", "01"]
    static let arches: [String?] = [nil, "amd64", "arm64"]

    struct Scenario: Sendable, CustomStringConvertible {
        var manifest: Manifest
        var selections: [PlannedSelection]
        var holdings: [Holding]
        var current: Bool
        var prune: Bool
        var description: String {
            "manifest: \(manifest.images.map(\.identity)), selections: \(selections.map { "\($0.id)=\($0.spec) arch \($0.selection.arch ?? "-") keep \($0.selection.keep)" }), "
                + "holdings: \(holdings.map { "\($0.identity) \($0.path) \($0.source) \($0.state) \($0.selectionIDs.sorted())" }), current: \(current), prune: \(prune)"
        }
    }

    static func identity(_ n: Int, _ f: Int, _ major: Int, _ minor: Int, _ arch: Int) -> ImageIdentity {
        ImageIdentity(
            family: "L", name: names[n], flavor: flavors[f],
            version: Version(major: String(major), minor: minors[minor]), arch: arches[arch])
    }

    static let identityGen = zip(
        Gen.int(in: 0...1), Gen.int(in: 0...1), Gen.int(in: 1...3), Gen.int(in: 0...3), Gen.int(in: 0...2)
    )
    .map { identity($0, $1, $2, $3, $4) }

    static let imagesGen = zip(identityGen, Gen.int(in: 0...3)).map { id, kind in
        let sources: ImageSources =
            switch kind {
            case 0: ImageSources(http: ["https://o/\(id.name)"])
            case 1: ImageSources(torrent: "https://o/\(id.name).torrent")
            case 2: ImageSources(magnet: "magnet:?xt=urn:btih:00")
            default: ImageSources(s3: ["s3://b/\(id.name)"])
            }
        return ManifestImage(identity: id, fileName: "f.iso", sources: sources)
    }.array(of: 0...8).map { images in
        var seen = Set<ImageIdentity>()
        return Manifest(images: images.filter { seen.insert($0.identity).inserted })
    }

    static let versionSelectors: [VersionSelector] = [
        .latest, VersionSelector(major: .exactly("2")), VersionSelector(major: .exactly("2"), minor: .exactly("1")),
        VersionSelector(major: .exactly("3"), minor: .exactly("0")),
        VersionSelector(major: .exactly("1"), minor: .exactly("01")),
    ]

    static let selectionsGen = zip(
        Gen.int(in: 0...2), Gen.int(in: 0...2), Gen.int(in: 0...4), Gen.int(in: 0...2), Gen.int(in: 1...2)
    )
    .map { n, f, v, a, keep in
        Selection(
            family: "L", name: n == 2 ? .any : .exactly(names[n]), flavor: f == 2 ? .any : .exactly(flavors[f]),
            version: versionSelectors[v], arch: arches[a], keep: keep)
    }
    .array(of: 0...3)
    .map { $0.enumerated().map { PlannedSelection(id: "s\($0.offset)", selection: $0.element) } }

    static let paths = ["../outside.iso", "/etc/outside.iso", "a/../../outside.iso", "/srv/repo/inside.iso"]

    /// Raw holding draws; `pick` below 6 takes the identity of a manifest image (when there is one), so
    /// that holdings overlap the manifest often. Sources lean to `.manifest`, paths to the layout's.
    struct HoldingDraw: Sendable {
        var identity: ImageIdentity
        var source: Int, state: Int, mask: Int, path: Int, pick: Int
    }

    static let holdingsGen = zip(
        identityGen, Gen.int(in: 0...7), Gen.int(in: 0...2), Gen.int(in: 0...15), Gen.int(in: 0...9),
        Gen.int(in: 0...9)
    )
    .map { HoldingDraw(identity: $0, source: $1, state: $2, mask: $3, path: $4, pick: $5) }
    .array(of: 0...8)

    static func holding(_ draw: HoldingDraw, manifest: Manifest) -> Holding {
        let id =
            draw.pick < 6 && !manifest.images.isEmpty
            ? manifest.images[draw.pick % manifest.images.count].identity : draw.identity
        return Holding(
            identity: id,
            path: draw.path < paths.count ? paths[draw.path] : (try! Layout.default.relativePath(for: id)),
            source: draw.source < AcquisitionSource.allCases.count
                ? AcquisitionSource.allCases[draw.source] : .manifest,
            selectionIDs: Set((0..<4).filter { draw.mask & (1 << $0) != 0 }.map { "s\($0)" }),
            state: HoldingState.allCases[draw.state])
    }

    /// Scenarios; holdings are unique by path, as in a repository.
    static let scenarios = zip(imagesGen, selectionsGen, holdingsGen, Gen.bool, Gen.bool).map {
        manifest, selections, draws, current, prune in
        var paths = Set<String>()
        let holdings = draws.map { holding($0, manifest: manifest) }.filter { paths.insert($0.path).inserted }
        return Scenario(manifest: manifest, selections: selections, holdings: holdings, current: current, prune: prune)
    }

    static func plan(_ s: Scenario) -> UpdatePlan {
        DeletionPlanner.plan(
            selections: s.selections, manifest: s.manifest, manifestIsCurrent: s.current,
            held: s.holdings, repositoryRoot: root, prune: s.prune)
    }

    /// The holdings a plan entry may stand for.
    static func holdings(for entry: PlannedEntry, in s: Scenario) -> [Holding] {
        s.holdings.filter { $0.identity == entry.identity && $0.path == entry.path }
    }

    static func wanted(_ s: Scenario) -> Set<ImageIdentity> {
        Set(s.selections.flatMap { Resolver.resolve($0.selection, in: s.manifest).images.map(\.identity) })
    }

    /// The rule for a holding without arch (the parser found none): at the layout path of a wanted
    /// manifest image that differs from it only by an arch (none held), with the same SHA-256 (or
    /// none in the manifest), it stands for that image, the best-ranked when several share the
    /// path. By holding path, the identity it stands for.
    static func archlessStandIns(_ s: Scenario) -> [String: ImageIdentity] {
        let wanted = Self.wanted(s)
        let heldIdentities = Set(s.holdings.map(\.identity))
        var standIns: [String: ImageIdentity] = [:]
        for holding in s.holdings where holding.identity.arch == nil && !wanted.contains(holding.identity) {
            let candidates = s.manifest.images.filter { image in
                var archless = image.identity
                archless.arch = nil
                return image.identity.arch != nil && wanted.contains(image.identity)
                    && !heldIdentities.contains(image.identity) && archless == holding.identity
                    && (image.sha256 == nil || image.sha256 == holding.sha256)
                    && (try? Layout.default.relativePath(for: image.identity, fileName: image.fileName)) == holding.path
            }
            standIns[holding.path] = candidates.map(\.identity).min { Resolver.isBetter($0, than: $1) }
        }
        return standIns
    }

    @Test func neverDeletesAnImageSomeSelectionResolvesTo() async {
        await propertyCheck(count: 300, input: Self.scenarios) { s in
            let wanted = Self.wanted(s)
            for entry in Self.plan(s).delete {
                #expect(!wanted.contains(entry.identity), "\(entry.identity) is resolved to but deleted")
            }
        }
    }

    @Test func neverDeletesWhatWasNotAcquiredForASelectionWithoutPrune() async {
        await propertyCheck(count: 300, input: Self.scenarios) { s in
            guard !s.prune else { return }
            for entry in Self.plan(s).delete {
                #expect(Self.holdings(for: entry, in: s).allSatisfy { $0.source == .manifest }, "\(entry)")
            }
        }
    }

    @Test func neverDeletesWhileAReplacementIsMissingOrUnverified() async {
        await propertyCheck(count: 300, input: Self.scenarios) { s in
            let violations = Self.deletionsWithoutVerifiedReplacement(s)
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    /// Deleted holdings some holding selection has no verified replacement for, as descriptions.
    static func deletionsWithoutVerifiedReplacement(_ s: Scenario) -> [String] {
        let verified = Set(s.holdings.filter { $0.state == .verified }.map(\.identity))
        var violations: [String] = []
        for entry in plan(s).delete {
            for held in holdings(for: entry, in: s) {
                let pair = [held.identity.family, held.identity.name.lowercased(), held.identity.flavor.lowercased()]
                for planned in s.selections
                where held.selectionIDs.contains(planned.id) || planned.selection.matches(held.identity) {
                    let best = Resolver.resolve(planned.selection, in: s.manifest).images.first {
                        [$0.family, $0.name.lowercased(), $0.flavor.lowercased()] == pair
                    }
                    if !(best.map { verified.contains($0.identity) } ?? false) {
                        violations.append("\(held.identity) deleted while \(planned.spec) has no verified replacement")
                    }
                }
            }
        }
        return violations
    }

    @Test func neverDeletesAPathOutsideTheRepository() async {
        await propertyCheck(count: 300, input: Self.scenarios) { s in
            for entry in Self.plan(s).delete {
                #expect(RepositoryPath.isInside(entry.path, root: Self.root), "\(entry.path)")
            }
        }
    }

    @Test func deletesNothingWhenTheManifestIsNotCurrent() async {
        await propertyCheck(count: 300, input: Self.scenarios) { s in
            guard !s.current else { return }
            #expect(Self.plan(s).delete.isEmpty)
        }
    }

    @Test func accountsForEveryHoldingAndFetchesExactlyTheMissingBestImages() async {
        await propertyCheck(count: 300, input: Self.scenarios) { s in
            let plan = Self.plan(s)
            #expect(plan.delete.count + plan.keep.count == s.holdings.count)
            let standIns = Self.archlessStandIns(s)
            let present = Set(s.holdings.filter { $0.state != .missing }.map { standIns[$0.path] ?? $0.identity })
            let expected = Self.wanted(s).subtracting(present)
            #expect(Set(plan.fetch.map(\.identity)).union(plan.skip.map(\.identity)) == expected)
            #expect(plan.fetch.count + plan.skip.count == expected.count)
        }
    }

    @Test func neverPlansTwoWritesToOnePathNorOverAnotherHeldImage() async {
        await propertyCheck(count: 300, input: Self.scenarios) { s in
            let plan = Self.plan(s)
            let paths = plan.fetch.map(\.path)
            #expect(Set(paths).count == paths.count, "\(paths)")
            let standIns = Self.archlessStandIns(s)
            for fetch in plan.fetch {
                let others = s.holdings.filter {
                    $0.path == fetch.path && (standIns[$0.path] ?? $0.identity) != fetch.identity
                }
                #expect(others.isEmpty, "\(fetch.identity) would overwrite \(others.map(\.identity))")
            }
        }
    }

    @Test func resolutionDoesNotDependOnManifestOrder() async {
        await propertyCheck(count: 300, input: Self.scenarios) { s in
            let reversed = Manifest(images: s.manifest.images.reversed())
            for planned in s.selections {
                #expect(
                    Resolver.resolve(planned.selection, in: s.manifest).images
                        == Resolver.resolve(planned.selection, in: reversed).images)
            }
        }
    }
}
