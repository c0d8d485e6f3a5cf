import ArgumentParser
import Common
import Foundation
import ISOCatalog
import Node
import WireTypes

/// `isofleet manifest build DIR [--base-url URL] [--out FILE] [--torrents DIR] [--sign KEYFILE] [--json]`: publishes a
/// folder of ISO files as an `isofleet-manifest/1` manifest with SHA-256, sizes and deterministic
/// torrents (``ManifestBuilder``), for nodes to sync from (docs/origin.md).
struct ManifestBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Publish a folder of ISO files as an isofleet-manifest/1 manifest.",
        discussion: """
            Every *.iso under DIR is published; its identity comes from NAME.iso.json beside it \
            (family, name, flavor, version, optional arch and display_name) or else from its file \
            name (as parse-name reads it). Each file is hashed (SHA-256) and gets a deterministic \
            .torrent, written to --torrents DIR (default: beside the image) as PATH.torrent; the file \
            inside it is named as --layout (the fleet's repository.layout) places the image, so a \
            node seeding what it fetched seeds the same torrent. With \
            --base-url, the folder is assumed to be served there: sources.http is the base URL plus \
            the image's path, sources.torrent the base URL plus the torrent's path (when the torrent \
            lies under DIR). sources.magnet is always set. The same folder gives the same manifest \
            bytes on every run (generated = the newest file's modification time). \
            --sign KEYFILE (an Ed25519 PEM private key) also writes the manifest's signature beside it \
            (FILE.sig), as 'isofleet manifest sign' does. DIR may be a remote folder (s3://bucket/prefix/, \
            smb://host/share/dir/, nfs://host/export/dir/, file:///mnt/dir/): each image is read once, \
            never stored locally, and gets sources.s3 (smb, nfs, file) with its URL; the manifest and the \
            torrents are written into that folder unless --out and --torrents name local paths.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: ArgumentHelp(
            "The folder of ISO files to publish: a path, or an s3://, smb://, nfs:// or file:// URL.",
            valueName: "dir|url"))
    var directory: String

    @Option(
        help: ArgumentHelp("Where DIR is served (http or https), e.g. https://origin.example/isos/.", valueName: "url"))
    var baseURL: String?

    @Option(
        help: ArgumentHelp("Where to write the manifest (default: DIR/manifest.json; - for stdout).", valueName: "file")
    )
    var out: String?

    @Option(help: ArgumentHelp("Where to write the .torrent files (default: beside the images).", valueName: "dir"))
    var torrents: String?

    @Option(
        help: ArgumentHelp(
            "The fleet's repository.layout: it names the file inside each torrent (default: the default layout).",
            valueName: "template"))
    var layout = Layout.defaultTemplate

    @Option(
        help: ArgumentHelp(
            "Sign the manifest with this Ed25519 private key (PEM) into FILE.sig.", valueName: "keyfile"))
    var sign: String?

    @Flag(
        help:
            "Print one JSON document: the manifest's path and each image's file, identity, sha256, size, info-hashes and torrent path."
    )
    var json = false

    func validate() throws {
        if let baseURL {
            guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--base-url '\(baseURL)' is not an http(s) URL")
            }
        }
        if json && out == "-" { throw ValidationError("--json and --out - both want stdout") }
        if sign != nil && out == "-" { throw ValidationError("--sign needs a manifest file, not --out -") }
        do { _ = try Layout(template: layout) } catch {
            throw ValidationError("--layout: \(error.message)")
        }
    }

    func run() throws {
        let root = Self.absolute(directory)
        let base = baseURL.flatMap { URL(string: $0.hasSuffix("/") ? $0 : $0 + "/") }
        let fleetLayout = (try? Layout(template: layout)) ?? .default
        let builder: ManifestBuilder
        if NodeEnvironment.isRemoteURL(directory) {
            let site = try global.site()
            builder = try request { () throws(RequestError) in
                try site.manifestBuilder(
                    remote: directory, baseURL: base, torrentsDirectory: torrents.map(Self.absolute),
                    layout: fleetLayout)
            }
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError.invalidInput("\(directory) is not a directory")
            }
            builder = ManifestBuilder(
                directory: root, baseURL: base, torrentsDirectory: torrents.map(Self.absolute) ?? root,
                layout: fleetLayout)
        }
        // Read the key first: a wrong key fails before minutes of hashing.
        if let sign { _ = try request { () throws(RequestError) in try ManifestSigning.publicKey(ofKeyAt: sign) } }
        let identified = try request { () throws(RequestError) in try builder.identify() }
        let total = identified.reduce(Int64(0)) { $0 + $1.size }
        let progress = ProgressLine()
        var published: [ManifestBuilder.Published] = []
        var done: Int64 = 0
        for (index, item) in identified.enumerated() {
            let sofar = done
            published.append(
                try request { () throws(RequestError) in
                    try builder.publish(item) { bytes in
                        progress.update(
                            "hashing \(index + 1)/\(identified.count): \(item.relativePath), "
                                + "\(ByteCount.size(sofar + bytes)) of \(ByteCount.size(total))")
                    }
                })
            done += item.size
        }
        progress.finish()
        let data = try request { () throws(RequestError) in try builder.manifest(published, of: identified) }
        let output: String
        if out == nil, builder.isRemote {
            output = try request { () throws(RequestError) in
                try builder.writeManifestIntoRemoteFolder(data, signingKey: sign) ?? ""
            }
        } else {
            output = out.map { $0 == "-" ? $0 : Self.absolute($0) } ?? root + "/manifest.json"
            if output == "-" {
                FileHandle.standardOutput.write(data)
                print()
                return
            }
            do { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLIError.failure("cannot write \(output): \(error.localizedDescription)")
            }
            if let sign {
                _ = try request { () throws(RequestError) in try ManifestSigning.sign(manifestAt: output, keyAt: sign) }
            }
        }
        if json {
            print(try Self.summary(manifest: output, published))
        } else {
            for item in published {
                print("\(item.relativePath)\t\(item.image.identity.description)\t\(item.image.sha256 ?? "")")
            }
            print("manifest: \(output) (\(published.count) image(s))")
        }
    }

    /// `{"manifest": PATH, "images": [{"file", identity…, "sha256", "size", "info_hash_v1",
    /// "info_hash_v2", "torrent"}]}`.
    static func summary(manifest: String, _ published: [ManifestBuilder.Published]) throws -> String {
        struct Item: Encodable {
            let item: ManifestBuilder.Published
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: AnyKey.self)
                try container.encode(item.relativePath, forKey: AnyKey("file"))
                try IdentityJSON(identity: item.image.identity).encodeFields(into: &container)
                try container.encode(item.image.sha256, forKey: AnyKey("sha256"))
                try container.encode(item.image.size, forKey: AnyKey("size"))
                try container.encode(item.infoHashV1, forKey: AnyKey("info_hash_v1"))
                try container.encode(item.infoHashV2, forKey: AnyKey("info_hash_v2"))
                try container.encode(item.torrentPath, forKey: AnyKey("torrent"))
            }
        }
        struct Summary: Encodable {
            let manifest: String
            let images: [Item]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(
            decoding: try encoder.encode(Summary(manifest: manifest, images: published.map(Item.init))), as: UTF8.self)
    }

    /// `path` made absolute against the working directory, without a trailing slash.
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: full).standardizedFileURL.path
    }
}
