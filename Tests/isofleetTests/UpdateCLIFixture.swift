import Digest
import Foundation
import TestSupport
import Testing

/// A CLI node with an origin directory of generated images, served by nginx, a manifest written
/// by the test and a configuration naming it.
struct UpdateCLIFixture {
    struct Image {
        let spec: String
        let fileName: String
        let data: Data
        var sha256: String { SHA256.hex(of: data) }
        /// Path under the default layout, e.g. `Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso`.
        let layoutPath: String
    }

    let cli: CLI
    var origin: String { cli.directory.appending("origin") }
    var manifestPath: String { cli.directory.appending("manifest.json") }
    let configPath: String

    init() throws {
        cli = try CLI()
        try FileManager.default.createDirectory(
            atPath: cli.directory.appending("origin"), withIntermediateDirectories: true)
        configPath = try cli.writeFile(
            "isofleet.conf",
            "manifest.url = \(URL(fileURLWithPath: cli.directory.appending("manifest.json")).absoluteString)\n")
    }

    /// `isofleet ARGS --config CONF`.
    func run(_ arguments: String...) throws -> CommandResult {
        try cli.run(arguments + ["--config", configPath])
    }

    /// The arguments to run `isofleet ARGS` with this fixture's configuration (for `ChildProcess`).
    func arguments(_ arguments: String...) -> [String] { arguments + ["--config", configPath] }

    /// A Linux/NAME/FLAVOR image of `size` bytes in the origin.
    func image(name: String, flavor: String, version: String, seed: UInt64, size: Int = 1 << 20) throws -> Image {
        let fileName = "\(name.lowercased())-\(version).iso"
        let data = ImageGenerator.bytes(seed: seed, size: size)
        try data.write(to: URL(fileURLWithPath: origin + "/" + fileName))
        return Image(
            spec: "Linux/\(name)/\(flavor)@\(version)", fileName: fileName, data: data,
            layoutPath: "Linux/\(name) - \(flavor)/\(name.lowercased()).\(flavor.lowercased())-\(version).iso")
    }

    /// Writes the manifest: each image with its mirrors (and a magnet, keyed by file name).
    func writeManifest(_ images: [(Image, [URL])], magnets: [String: String] = [:]) throws {
        let entries: [[String: Any]] = images.map { image, mirrors in
            let parts = image.spec.split(separator: "@")[1].split(separator: ".").map(String.init)
            let identity = image.spec.split(separator: "@")[0].split(separator: "/").map(String.init)
            var version: [String: Any] = ["major": parts[0]]
            if parts.count > 1 { version["minor"] = parts[1] }
            if parts.count > 2 { version["patch"] = parts[2] }
            var sources: [String: Any] = ["http": mirrors.map(\.absoluteString)]
            if let magnet = magnets[image.fileName] { sources["magnet"] = magnet }
            return [
                "family": identity[0], "name": identity[1], "flavor": identity[2], "version": version,
                "file_name": image.fileName, "size": image.data.count, "sha256": image.sha256,
                "sources": sources,
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: ["format": "isofleet-manifest/1", "images": entries])
        try data.write(to: URL(fileURLWithPath: manifestPath))
    }

    func nginx(limitRate: Int? = nil) async throws -> NginxOrigin {
        let directory = cli.directory.appending("nginx-\(UUID().uuidString.prefix(6))")
        return try await NginxOrigin.start(root: origin, directory: directory, limitRate: limitRate)
    }

    /// The absolute path of `relative` in the repository.
    func repositoryFile(_ relative: String) -> String { cli.repository + "/" + relative }

    /// Every regular file under the repository, relative paths, sorted.
    func repositoryFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: cli.repository)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: cli.repository + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// `inventory.json`, parsed.
    func inventory() throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: cli.dataDirectory + "/inventory.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }
}
