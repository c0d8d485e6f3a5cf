import Fetch
import Foundation
import ISOCatalog
import Repository
import TestSupport

/// A mirror folder on a real test server (moto_server, smbd, NFS-Ganesha), seen the way the node
/// sees it: through its own store, listing and reading over the protocol.
final class ServerMirror: Sendable {
    /// The protocols a mirror can be written over.
    enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case s3, smb, nfs
        var description: String { rawValue }
    }

    let location: RemoteLocation
    let access: RemoteAccess
    /// The server, kept running as long as the mirror.
    private let server: any Sendable

    private init(location: RemoteLocation, access: RemoteAccess, server: any Sendable) {
        self.location = location
        self.access = access
        self.server = server
    }

    /// Starts a server of `kind` in `directory` with an empty `mirror/` folder on it.
    static func start(_ kind: Kind, in directory: TemporaryDirectory) async throws -> ServerMirror {
        switch kind {
        case .s3:
            let moto = try await MotoS3.start(in: directory, buckets: ["isofleet-mirror"])
            let credentials = S3CredentialChain(environment: moto.environment, instanceMetadata: nil)
            return ServerMirror(
                location: try RemoteLocation(parsing: "s3://isofleet-mirror/"),
                access: RemoteAccess(
                    s3: S3Settings(region: "us-east-1", endpoint: moto.endpoint, credentials: credentials)),
                server: moto)
        case .smb:
            let samba = try await SambaServer.start(in: directory.appending("smb"))
            try FileManager.default.createDirectory(
                atPath: samba.shareFolder + "/mirror", withIntermediateDirectories: true)
            return ServerMirror(
                location: try RemoteLocation(parsing: samba.url("mirror/").absoluteString),
                access: RemoteAccess(smb: SMBCredentials(password: samba.password)), server: samba)
        case .nfs:
            let ganesha = try await GaneshaServer.start()
            try FileManager.default.createDirectory(
                atPath: ganesha.localPath("mirror"), withIntermediateDirectories: true)
            return ServerMirror(
                location: try RemoteLocation(parsing: ganesha.url("mirror/", version: 3)), access: RemoteAccess(),
                server: ganesha)
        }
    }

    /// The node's store for the mirror.
    func store() throws(FetchError) -> any RemoteStore { try access.openMirror(location) }

    /// Every file on the mirror, relative paths, sorted.
    func files() throws -> [String] { try store().listFiles().map(\.path).sorted() }

    /// The bytes of `path` on the mirror, nil when absent.
    func contents(_ path: String) throws -> Data? {
        let store = try store()
        guard let size = try store.size(of: path) else { return nil }
        let reader = try store.openForReading(path)
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while Int64(data.count) < size {
            let count = try chunk.withUnsafeMutableBytes { try reader.read(at: Int64(data.count), into: $0) }
            guard count > 0 else { break }
            data.append(contentsOf: chunk[..<count])
        }
        return data
    }

    /// The mirror's `inventory.json`, decoded.
    func inventory() throws -> [InventoryEntry] {
        guard let data = try store().readSmallFile("inventory.json", maxBytes: 1 << 20) else { return [] }
        return try InventoryCoding.decode(data)
    }
}
