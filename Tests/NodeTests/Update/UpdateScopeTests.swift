import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import Repository
import TestSupport
import Testing

/// A run limited to chosen selections fetches only their images and deletes only images that
/// concern them alone; the plan it follows is the dry run's.
@Suite(.timeLimit(.minutes(2)))
struct UpdateScopeTests {
    @Test func aLimitedRunTouchesOnlyTheChosenSelectionsImages() async throws {
        let fixture = try OriginFixture()
        let ubuntuOld = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 64 * 1024)
        let ubuntuNew = try fixture.image("Linux/Ubuntu/Server@22.04.4", seed: 2, size: 64 * 1024)
        let debianOld = try fixture.image("Linux/Debian/Netinst@12.5", seed: 3, size: 64 * 1024)
        let debianNew = try fixture.image("Linux/Debian/Netinst@12.6", seed: 4, size: 64 * 1024)
        let nginx = try await fixture.nginx()
        defer { withExtendedLifetime(nginx) {} }
        try fixture.writeManifest([ubuntuOld, debianOld]) { [nginx.url($0.fileName)] }
        let ubuntu = try fixture.select("Linux/Ubuntu/Server@22.04")
        let debian = try fixture.select("Linux/Debian/Netinst@12")
        #expect(try await fixture.runner().run().fetched.count == 2)

        try fixture.writeManifest([ubuntuOld, ubuntuNew, debianOld, debianNew]) { [nginx.url($0.fileName)] }
        let scope = UpdateScope.only([ubuntu.id])
        let preview = try await fixture.runner().preview(forceSync: true, scope: scope)
        #expect(preview.plan.fetch.map(\.identity) == [ubuntuNew.identity])
        #expect(preview.plan.fetch.first?.source == .http)
        #expect(preview.plan.delete.map(\.identity) == [ubuntuOld.identity])
        #expect(preview.plan.keep.map(\.identity) == [debianOld.identity])

        let report = try await fixture.runner().run(forceSync: true, scope: scope)
        #expect(report.fetched.map(\.identity) == [ubuntuNew.identity])
        #expect(report.deleted.map(\.identity) == [ubuntuOld.identity])
        #expect(Set(try fixture.store.images().map(\.identity)) == [ubuntuNew.identity, debianOld.identity])
        _ = debian
    }

    @Test func anImageAnUnchosenSelectionAlsoConcernsIsKept() throws {
        let old = ImageIdentity(
            family: "Linux", name: "Ubuntu", flavor: "Server", version: Version(major: "22", minor: "04", patch: "3"))
        let plan = UpdatePlan(delete: [
            PlannedEntry(identity: old, path: "u.iso", reason: "no selection resolves to it")
        ])
        let inputs = PlannerInputs(
            selections: [
                PlannedSelection(id: "1", selection: try Selection(parsing: "Linux/Ubuntu/Server@22.04.4")),
                PlannedSelection(id: "2", selection: try Selection(parsing: "Linux/Ubuntu/*@22")),
            ],
            held: [Holding(identity: old, path: "u.iso", source: .manifest, selectionIDs: ["1"])], storedBySpec: [:])
        let limited = UpdateScope.only([1]).limit(plan, inputs: inputs)
        #expect(limited.delete.isEmpty)
        #expect(
            limited.keep.map(\.reason) == [
                "not deleted by a run limited to Linux/Ubuntu/Server@22.04.4: it concerns Linux/Ubuntu/*@22 too"
            ])
        #expect(UpdateScope.only([1, 2]).limit(plan, inputs: inputs).delete.map(\.identity) == [old])
        #expect(UpdateScope.all.limit(plan, inputs: inputs) == plan)
    }
}
