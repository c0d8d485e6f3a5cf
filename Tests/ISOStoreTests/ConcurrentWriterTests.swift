import Foundation
import ISOCatalog
import ISOStore
import TestSupport
import Testing

/// Several real `isofleet` processes writing one data directory at the same time, the first of
/// them creating the database: every write must land, none may fail with "database is locked",
/// and `inventory.json` must end up exactly what the database says.
@Suite(.timeLimit(.minutes(2)))
struct ConcurrentWriterTests {
    @Test(arguments: [1, 2])
    func concurrentCommandsOnOneDataDirectoryAllLand(round: Int) async throws {
        let directory = try TemporaryDirectory(prefix: "concurrent")
        let dataDirectory = directory.appending("data")
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ISOFLEET_") }
        environment["ISOFLEET_DATA_DIR"] = dataDirectory
        let names = ["Ubuntu", "Debian", "Fedora", "Alpine", "Rocky", "Alma", "Mint", "Kali"]
        var sources: [String] = []
        for (index, _) in names.enumerated() {
            sources.append(
                try ImageGenerator.write(
                    to: directory.appending("in/\(index).bin"), seed: UInt64(index + 100 * round), size: 512 * 1024))
        }

        var processes: [ChildProcess] = []
        for (index, name) in names.enumerated() {
            processes.append(
                try ChildProcess(
                    BuiltProducts.isofleet, ["select", "add", "Linux/\(name)/Server@\(20 + index)", "--keep", "2"],
                    logDirectory: directory.path, environment: environment, workingDirectory: directory.path))
            processes.append(
                try ChildProcess(
                    BuiltProducts.isofleet,
                    [
                        "catalog", "add", sources[index], "--family", "Linux", "--name", name, "--flavor", "Server",
                        "--version", "\(20 + index).04", "--arch", "amd64",
                    ],
                    logDirectory: directory.path, environment: environment, workingDirectory: directory.path))
        }
        for process in processes {
            let status = try await process.waitForExit(timeout: .seconds(90))
            #expect(status == 0, "exit \(status): \(process.standardError())")
            #expect(!process.standardError().contains("locked"))
        }

        // Read before anything reopens the store: the processes themselves must have left it right.
        let inventoryBytes = try Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/inventory.json"))
        let store = try CatalogStore(
            databasePath: dataDirectory + "/isofleet.sqlite", inventoryPath: dataDirectory + "/inventory.json")
        let selections = try store.selections()
        #expect(selections.count == names.count)
        #expect(Set(selections.map(\.spec)) == Set(names.enumerated().map { "Linux/\($1)/Server@\(20 + $0)" }))
        let images = try store.images()
        #expect(images.count == names.count)
        #expect(Set(images.map(\.identity.name)) == Set(names))
        #expect(images.allSatisfy { $0.state == .present && $0.sha256 != nil })
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4"])

        let onDisk = try InventoryCoding.decode(inventoryBytes)
        #expect(onDisk == (try store.inventoryEntries()))
        #expect(inventoryBytes == (try store.inventoryData()))
        #expect(onDisk.count == names.count)
        #expect(try store.healInventory() == false)
        for image in images {
            #expect(FileManager.default.fileExists(atPath: dataDirectory + "/repo/" + image.path))
        }
    }

    @Test func theSameSelectionAddedByManyProcessesAtOnceIsStoredOnce() async throws {
        let directory = try TemporaryDirectory(prefix: "concurrent-same")
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ISOFLEET_") }
        environment["ISOFLEET_DATA_DIR"] = directory.appending("data")
        let processes = try (0..<6).map { _ in
            try ChildProcess(
                BuiltProducts.isofleet, ["select", "add", "Linux/Debian/Netinst@12"],
                logDirectory: directory.path, environment: environment, workingDirectory: directory.path)
        }
        var outputs: [String] = []
        for process in processes {
            let status = try await process.waitForExit(timeout: .seconds(60))
            #expect(status == 0, "exit \(status): \(process.standardError())")
            outputs.append(process.standardOutput())
        }
        #expect(outputs.filter { $0.hasPrefix("added selection") }.count == 1)
        #expect(outputs.filter { $0.hasPrefix("already present") }.count == 5)
        let store = try CatalogStore(
            databasePath: directory.appending("data/isofleet.sqlite"),
            inventoryPath: directory.appending("data/inventory.json"))
        #expect(try store.selections().map(\.spec) == ["Linux/Debian/Netinst@12"])
    }
}
