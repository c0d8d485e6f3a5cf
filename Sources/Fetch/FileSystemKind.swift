import CFileIO
import Foundation

/// The kind of file system a path lies on (`statfs`), as far as isofleet cares: a network file
/// system (NFS, EFS, SMB/CIFS, …) keeps the repository well but not the SQLite database, and it
/// turns O_DIRECT into slow synchronous round trips.
public struct FileSystemKind: Sendable, Hashable, CustomStringConvertible {
    /// The `f_type` magic number statfs reports.
    public let magic: Int
    /// The device of the path (`st_dev`): two paths with the same device can be renamed into
    /// each other atomically.
    public let device: UInt64

    /// Network file systems by their statfs magic numbers (linux/magic.h and the file systems'
    /// own headers).
    static let networkNames: [Int: String] = [
        0x6969: "nfs", 0x517B: "smb", 0xFF53_4D42: "cifs", 0xFE53_4D42: "smb2", 0x6573_5546: "fuse",
        0x0BD0_0BD0: "lustre", 0x0102_1997: "9p", 0x7375_7245: "coda", 0x564C: "ncp",
        0x00C3_6400: "ceph", 0x6B41_4653: "afs", 0x5346_414F: "openafs", 0x4750_4653: "gpfs",
    ]

    public init(magic: Int, device: UInt64) {
        self.magic = magic
        self.device = device
    }

    /// The file system of `path`, or of its nearest existing ancestor when `path` does not exist yet.
    public static func of(_ path: String) -> FileSystemKind? {
        var candidate = URL(fileURLWithPath: path).standardizedFileURL
        while true {
            var type: Int64 = 0
            var info = stat()
            if ifio_file_system_type(&type, candidate.path) == 0, stat(candidate.path, &info) == 0 {
                return FileSystemKind(magic: Int(type), device: UInt64(info.st_dev))
            }
            guard candidate.path != "/" else { return nil }
            candidate.deleteLastPathComponent()
        }
    }

    /// True for NFS (EFS), SMB/CIFS and other file systems served over the network. FUSE counts,
    /// as it is mostly sshfs, s3fs and the like.
    public var isNetwork: Bool { Self.networkNames[magic] != nil }

    /// `nfs`, `cifs`, …, or the magic number in hex for a local file system.
    public var description: String { Self.networkNames[magic] ?? "local (0x\(String(magic, radix: 16)))" }
}
