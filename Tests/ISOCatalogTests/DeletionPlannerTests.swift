import Foundation
import ISOCatalog
import Testing

struct DeletionPlannerTests {
    static let root = "/srv/repo"
    static let catalog = manifest([
        "Linux/Ubuntu/Server@22.04.3[amd64]", "Linux/Ubuntu/Server@24.04[amd64]",
        "Linux/Debian/Netinst@12.5.0[amd64]", "Linux/Debian/Netinst@12.6.0[amd64]",
    ])
    static let ubuntu = try! PlannedSelection(id: "1", selection: Selection(parsing: "Linux/Ubuntu/Server@latest"))
    static let ubuntu22 = try! PlannedSelection(
        id: "2", selection: Selection(parsing: "Linux/Ubuntu/Server@22"), spec: "Linux/Ubuntu/Server@22.latest")
    static let debian = try! PlannedSelection(id: "3", selection: Selection(parsing: "Linux/*/Netinst@latest"))

    static func held(
        _ text: String, _ source: AcquisitionSource = .manifest, for ids: Set<String> = [],
        _ state: HoldingState = .verified, path: String? = nil
    ) -> Holding {
        let id = identity(text)
        return Holding(
            identity: id, path: path ?? (try! Layout.default.relativePath(for: id)),
            source: source, selectionIDs: ids, state: state)
    }

    static func plan(
        _ selections: [PlannedSelection], _ held: [Holding], current: Bool = true, prune: Bool = false
    ) -> UpdatePlan {
        DeletionPlanner.plan(
            selections: selections, manifest: catalog, manifestIsCurrent: current, held: held,
            repositoryRoot: root, prune: prune)
    }

    @Test func fetchesMissingBestImagesAtTheirLayoutPath() {
        let plan = Self.plan(
            [Self.ubuntu, Self.ubuntu22, Self.debian], [Self.held("Linux/Ubuntu/Server@22.04.3[amd64]", for: ["2"])])
        #expect(
            plan.fetch.map(\.path) == [
                "Linux/Debian - Netinst/debian.netinst-12.6.0.iso",
                "Linux/Ubuntu - Server/ubuntu.server-24.04.iso",
            ])
        #expect(plan.fetch.map(\.source) == [.http, .http])
        #expect(plan.fetch[1].selections == ["Linux/Ubuntu/Server@latest"])
        #expect(plan.delete.isEmpty)
        #expect(plan.keep.map(\.reason) == ["selected by Linux/Ubuntu/Server@22.latest"])
    }

    @Test func deletesASupersededImageOnceItsReplacementIsVerified() {
        let old = Self.held("Linux/Ubuntu/Server@22.04.3[amd64]", for: ["1"])
        let waiting = Self.plan(
            [Self.ubuntu], [old, Self.held("Linux/Ubuntu/Server@24.04[amd64]", for: ["1"], .unverified)])
        #expect(waiting.delete.isEmpty)
        #expect(
            waiting.keep.first { $0.identity == old.identity }?.reason
                == "waiting for its replacement Linux/Ubuntu/Server@24.04 [amd64] (Linux/Ubuntu/Server@latest) to be present and verified"
        )
        let missing = Self.plan([Self.ubuntu], [old])
        #expect(missing.delete.isEmpty)
        #expect(missing.fetch.count == 1)
        let ready = Self.plan([Self.ubuntu], [old, Self.held("Linux/Ubuntu/Server@24.04[amd64]", for: ["1"])])
        #expect(
            ready.delete == [
                PlannedEntry(
                    identity: old.identity, path: old.path,
                    reason:
                        "no selection resolves to it; replaced by Linux/Ubuntu/Server@24.04 [amd64] (Linux/Ubuntu/Server@latest)"
                )
            ])
    }

    @Test func neverDeletesWhatAnotherSelectionStillResolvesTo() {
        let old = Self.held("Linux/Ubuntu/Server@22.04.3[amd64]", for: ["1"])
        let plan = Self.plan(
            [Self.ubuntu, Self.ubuntu22], [old, Self.held("Linux/Ubuntu/Server@24.04[amd64]", for: ["1"])])
        #expect(plan.delete.isEmpty)
        #expect(plan.keep.first { $0.identity == old.identity }?.reason == "selected by Linux/Ubuntu/Server@22.latest")
    }

    @Test func keepsImagesNotAcquiredForASelectionUnlessPruning() {
        let scanned = Self.held("Linux/Fedora/Workstation@39.1.5", .scan)
        let kept = Self.plan([Self.ubuntu], [scanned])
        #expect(kept.delete.isEmpty)
        #expect(kept.keep.map(\.reason) == ["acquired by scan, not for a selection: only --prune deletes it"])
        let pruned = Self.plan([Self.ubuntu], [scanned], prune: true)
        #expect(pruned.delete.map(\.reason) == ["acquired by scan and no selection resolves to it; --prune"])
    }

    @Test func deletesNothingWhenTheManifestIsNotCurrent() {
        let old = Self.held("Linux/Ubuntu/Server@22.04.3[amd64]", for: ["1"])
        let plan = Self.plan(
            [Self.ubuntu], [old, Self.held("Linux/Ubuntu/Server@24.04[amd64]", for: ["1"])], current: false, prune: true
        )
        #expect(plan.delete.isEmpty)
        #expect(plan.keep.count == 2)
    }

    @Test func neverDeletesOutsideTheRepository() {
        let escapes = ["../etc/x.iso", "/etc/x.iso", "a/../../x.iso", "/srv/repository/x.iso"].map {
            Self.held("Linux/Ubuntu/Server@22.04.3[amd64]", for: ["9"], path: $0)
        }
        let inside = Self.held("Linux/Ubuntu/Server@22.04.3[amd64]", for: ["9"], path: "/srv/repo/Linux/x.iso")
        let plan = Self.plan([], escapes + [inside])
        #expect(plan.delete.map(\.path) == ["/srv/repo/Linux/x.iso"])
        #expect(plan.keep.count == 4)
        #expect(plan.keep.allSatisfy { $0.reason == "path lies outside the repository root /srv/repo: never deleted" })
    }

    @Test func keepsWhenAHoldingSelectionResolvesToNothingInThePair() throws {
        let gone = try PlannedSelection(id: "4", selection: Selection(parsing: "Linux/Arch/Live@latest"))
        let plan = Self.plan([gone], [Self.held("Linux/Arch/Live@2024.01.01", for: ["4"])])
        #expect(plan.delete.isEmpty)
        #expect(plan.unresolved == ["Linux/Arch/Live@latest: no image in the manifest matches"])
        #expect(
            plan.keep.map(\.reason) == [
                "Linux/Arch/Live@latest resolves to no Linux/Arch/Live image in the manifest: kept until it does"
            ])
    }

    @Test func aRemovedSelectionNoLongerHoldsItsImages() {
        let plan = Self.plan([], [Self.held("Linux/Ubuntu/Server@22.04.3[amd64]", for: ["gone"])])
        #expect(plan.delete.map(\.reason) == ["no selection resolves to it"])
    }

    @Test func encodesTheDryRunShape() throws {
        let old = Self.held("Linux/Ubuntu/Server@22.04.3[amd64]", for: ["1"])
        let plan = Self.plan(
            [Self.ubuntu, Self.debian], [old, Self.held("Linux/Ubuntu/Server@24.04[amd64]", for: ["1"])])
        let data = try JSONEncoder().encode(plan)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let fetch = try #require((object["fetch"] as? [[String: Any]])?.first)
        #expect(fetch["family"] as? String == "Linux")
        #expect(fetch["name"] as? String == "Debian")
        #expect(fetch["flavor"] as? String == "Netinst")
        #expect((fetch["version"] as? [String: Any])?["major"] as? String == "12")
        #expect(fetch["arch"] as? String == "amd64")
        #expect(fetch["path"] as? String == "Linux/Debian - Netinst/debian.netinst-12.6.0.iso")
        #expect(fetch["source"] as? String == "http")
        let delete = try #require((object["delete"] as? [[String: Any]])?.first)
        #expect(delete["path"] as? String == old.path)
        #expect((delete["reason"] as? String)?.hasPrefix("no selection resolves to it") == true)
        let keep = try #require((object["keep"] as? [[String: Any]])?.first)
        #expect(keep["reason"] as? String == "selected by Linux/Ubuntu/Server@latest")
        #expect(try JSONDecoder().decode(UpdatePlan.self, from: data).delete == plan.delete)
    }
}

extension DeletionPlannerTests {
    @Test func neverPlansToOverwriteAHeldFile() throws {
        // A scanned file of another identity at the layout path of the best image.
        let path = try Layout.default.relativePath(for: identity("Linux/Ubuntu/Server@24.04[amd64]"))
        let scanned = Self.held("Linux/Ubuntu/Server@22.04.3", .scan, path: path)
        let plan = Self.plan([Self.ubuntu], [scanned])
        #expect(plan.fetch.isEmpty)
        #expect(
            plan.skip == [
                PlannedEntry(
                    identity: identity("Linux/Ubuntu/Server@24.04[amd64]"), path: path,
                    reason: "the layout path is taken by held image Linux/Ubuntu/Server@22.04.3 (scan)")
            ])
    }

    /// Issue 13, item 4: a scanned copy at the layout path, without the arch the manifest names, is
    /// that image: held, kept for its selection, neither fetched again nor skipped.
    @Test func anArchlessScannedFileAtTheLayoutPathIsTheManifestImage() {
        let scanned = Self.held("Linux/Ubuntu/Server@24.04", .scan, .unverified)
        let plan = Self.plan([Self.ubuntu], [scanned])
        #expect(plan.fetch.isEmpty)
        #expect(plan.skip.isEmpty)
        #expect(plan.delete.isEmpty)
        // The entry names the image as the store holds it, so that a later deletion finds it.
        #expect(
            plan.keep == [
                PlannedEntry(
                    identity: scanned.identity, path: scanned.path,
                    reason: "selected by Linux/Ubuntu/Server@latest; unverified; "
                        + "held without arch at its layout path: taken as this image")
            ])
        // Elsewhere than the layout path it is another file: the manifest image is fetched.
        let elsewhere = Self.held("Linux/Ubuntu/Server@24.04", .scan, path: "Other/ubuntu-24.04.iso")
        #expect(Self.plan([Self.ubuntu], [elsewhere]).fetch.map(\.path) == [scanned.path])
    }

    /// The arch-less copy stands for the manifest image only with the manifest's bytes: then the
    /// image it replaces may go; with other bytes the path is taken and nothing is deleted; without
    /// a SHA-256 in the manifest it is unverified, so it never lets an older image go.
    @Test func anArchlessFileStandsForTheManifestImageOnlyWithItsSHA256() {
        let newer = identity("Linux/Ubuntu/Server@24.04[amd64]")
        let sha = String(repeating: "ab", count: 32)
        func catalog(sha256: String?) -> Manifest {
            var images = Self.catalog.images
            if let index = images.firstIndex(where: { $0.identity == newer }) { images[index].sha256 = sha256 }
            return Manifest(images: images)
        }
        let older = Self.held("Linux/Ubuntu/Server@22.04.3[amd64]", for: ["1"])
        var scanned = Self.held("Linux/Ubuntu/Server@24.04", .scan)
        func plan(_ manifest: Manifest) -> UpdatePlan {
            DeletionPlanner.plan(
                selections: [Self.ubuntu], manifest: manifest, manifestIsCurrent: true, held: [older, scanned],
                repositoryRoot: Self.root)
        }

        scanned.sha256 = sha
        let same = plan(catalog(sha256: sha))
        #expect(same.fetch.isEmpty && same.skip.isEmpty)
        #expect(same.delete.map(\.identity) == [older.identity])
        #expect(same.keep.map(\.identity) == [scanned.identity])

        scanned.sha256 = String(repeating: "cd", count: 32)
        let other = plan(catalog(sha256: sha))
        #expect(other.delete.isEmpty)
        #expect(other.skip.map(\.identity) == [newer])
        #expect(other.skip.first?.reason.hasPrefix("the layout path is taken by held image") == true)

        let unpublished = plan(catalog(sha256: nil))
        #expect(unpublished.delete.isEmpty)
        #expect(unpublished.fetch.isEmpty && unpublished.skip.isEmpty)
        #expect(
            unpublished.keep.first { $0.identity == older.identity }?.reason.hasPrefix("waiting for its replacement")
                == true)
    }

    @Test func refetchesAMissingImageIntoItsOwnPath() {
        let lost = Self.held("Linux/Ubuntu/Server@24.04[amd64]", for: ["1"], .missing)
        let plan = Self.plan([Self.ubuntu], [lost])
        #expect(plan.fetch.map(\.path) == [lost.path])
        #expect(plan.skip.isEmpty)
    }

    @Test func twoArchesUnderALayoutWithoutArchFetchOnlyTheBetterOne() throws {
        let catalog = manifest(["Linux/Ubuntu/Server@24.04[amd64]", "Linux/Ubuntu/Server@24.04[arm64]"])
        let amd = try PlannedSelection(
            id: "a", selection: Selection(parsing: "Linux/Ubuntu/Server@latest", arch: "amd64", keep: 1))
        let arm = try PlannedSelection(
            id: "b", selection: Selection(parsing: "Linux/Ubuntu/Server@latest", arch: "arm64", keep: 1))
        let plan = DeletionPlanner.plan(
            selections: [arm, amd], manifest: catalog, manifestIsCurrent: true, held: [],
            repositoryRoot: Self.root)
        #expect(plan.fetch.map(\.identity) == [identity("Linux/Ubuntu/Server@24.04[amd64]")])
        #expect(
            plan.skip.map(\.reason) == ["the layout path is taken by planned fetch Linux/Ubuntu/Server@24.04 [amd64]"])
        let withArch = try Layout(template: "{family}/{name} - {flavor}/{name_lower}-{version}-{arch}.iso")
        let both = DeletionPlanner.plan(
            selections: [arm, amd], manifest: catalog, manifestIsCurrent: true, held: [],
            repositoryRoot: Self.root, layout: withArch)
        #expect(both.fetch.count == 2 && both.skip.isEmpty)
    }
}
