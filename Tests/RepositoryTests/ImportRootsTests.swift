import Common
import Foundation
import ISOCatalog
import ISOStore
import Node
import Repository
import TestSupport
import Testing
import WireTypes

/// Issue 15, item 9: the running daemon adds files to the catalog (POST /api/v1/catalog, the
/// page's form, both through ``NodeEnvironment/addToCatalogOffPool(_:)``) only from `import.roots`,
/// never from the data directory, symbolic links resolved first; the command line keeps the
/// user's own permissions.
struct ImportRootsTests {
    /// A node whose data directory (and repository) is `data/` in a temporary directory, with
    /// `import.roots` as given.
    struct Fixture {
        let directory: TemporaryDirectory
        let node: NodeEnvironment

        init(roots: String?) throws {
            directory = try TemporaryDirectory(prefix: "roots")
            let overrides = roots.map { [ConfigurationKey.importRoots: $0] } ?? [:]
            let configuration = try Configuration(file: nil, environment: [:], overrides: overrides)
            node = try NodeSite(configuration: configuration, dataDirectoryPath: directory.appending("data"))
                .environment()
        }

        func file(_ relative: String, seed: UInt64) throws -> String {
            try ImageGenerator.write(to: directory.appending(relative), seed: seed, size: 4096)
        }

        func request(_ path: String, name: String = "Alpine") -> CatalogAdditionRequest {
            CatalogAdditionRequest(
                family: "Linux", name: name, flavor: "Virt", version: Version(major: "3", minor: "20"), arch: nil,
                path: path, displayName: nil, sha256: nil)
        }

        func daemonAdds(_ path: String, name: String = "Alpine") async -> Result<ImageJSON, RequestError> {
            await node.addToCatalogOffPool([request(path, name: name)])[0]
        }
    }

    static func message(_ result: Result<ImageJSON, RequestError>) -> String? {
        if case .failure(let error) = result { return error.message }
        return nil
    }

    @Test func item9_withoutImportRootsTheDaemonAddsNoOutsideFile() async throws {
        let fixture = try Fixture(roots: nil)
        let file = try fixture.file("incoming/alpine.iso", seed: 1)

        let refused = await fixture.daemonAdds(file)

        #expect(Self.message(refused)?.contains("import.roots is not set") == true, "\(refused)")
        #expect(try fixture.node.store.images().isEmpty)
        // The command line, with the user's own permissions, is not restricted.
        let local = fixture.node.addToCatalog([fixture.request(file)], mode: .copy)
        #expect((try? local[0].get()) != nil, "\(local)")
    }

    @Test func item9_theDaemonAddsOnlyFromInsideImportRoots() async throws {
        let fixture = try Fixture(roots: nil)
        let root = try TemporaryDirectory(prefix: "roots-incoming")
        let node = try Fixture.withRoots("/nonexistent-root, \(root.path)", in: fixture)
        let inside = try ImageGenerator.write(to: root.appending("alpine.iso"), seed: 1, size: 4096)
        let outside = try fixture.file("elsewhere/secret.iso", seed: 2)
        let link = root.appending("link-to-secret.iso")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside)
        let token = fixture.directory.appending("data/admin-token")
        try Data("secret-token".utf8).write(to: URL(fileURLWithPath: token))

        let added = await node.addToCatalogOffPool([fixture.request(inside)])[0]
        #expect((try? added.get()) != nil, "\(added)")
        for path in [outside, link, token, "relative/alpine.iso"] {
            let refused = await node.addToCatalogOffPool([fixture.request(path, name: "Other")])[0]
            #expect(Self.message(refused) != nil, "\(path) was added")
        }
        let message = Self.message(await node.addToCatalogOffPool([fixture.request(link, name: "Other")])[0])
        #expect(message?.contains("(\(outside)) is not inside import.roots") == true, "\(message ?? "")")
        #expect(try node.store.images().map(\.identity.name) == ["Alpine"])
    }

    @Test func item9_theDataDirectoryIsRefusedEvenInsideAnImportRoot() async throws {
        let fixture = try Fixture(roots: nil)
        let node = try Fixture.withRoots(fixture.directory.path, in: fixture)
        let inData = try fixture.file("data/stolen.iso", seed: 3)

        let refused = await node.addToCatalogOffPool([fixture.request(inData)])[0]

        #expect(Self.message(refused)?.contains("is inside the data directory") == true, "\(refused)")
    }

    @Test func item9_aRepositoryAroundTheDataDirectoryDoesNotExposeIt() async throws {
        let directory = try TemporaryDirectory(prefix: "roots-around")
        let configuration = try Configuration(
            file: nil, environment: [:], overrides: [.repositoryPath: directory.path])
        let node = try NodeSite(configuration: configuration, dataDirectoryPath: directory.appending("data"))
            .environment()
        let token = directory.appending("data/admin-token.iso")
        try Data("secret-token".utf8).write(to: URL(fileURLWithPath: token))
        let request = CatalogAdditionRequest(
            family: "Linux", name: "Token", flavor: "Leak", version: Version(major: "1"), arch: nil, path: token,
            displayName: nil, sha256: nil)

        let refused = await node.addToCatalogOffPool([request])[0]

        #expect(Self.message(refused)?.contains("is inside the data directory") == true, "\(refused)")
        #expect(try node.store.images().isEmpty)
    }

    @Test func item9_aFileAlreadyInTheRepositoryIsRegisteredWhereItIs() async throws {
        let fixture = try Fixture(roots: nil)
        let inRepository = try fixture.file("data/repo/Linux/alpine-virt-3.20.iso", seed: 4)

        let added = await fixture.daemonAdds(inRepository)

        #expect((try? added.get())?.path == "Linux/alpine-virt-3.20.iso", "\(added)")
    }
}

extension ImportRootsTests.Fixture {
    /// The same data directory and store, with `import.roots` set to `roots`.
    static func withRoots(_ roots: String, in fixture: Self) throws -> NodeEnvironment {
        let configuration = try Configuration(file: nil, environment: [:], overrides: [.importRoots: roots])
        let site = try NodeSite(configuration: configuration, dataDirectory: fixture.node.dataDirectory)
        return NodeEnvironment(site: site, store: fixture.node.store)
    }
}
