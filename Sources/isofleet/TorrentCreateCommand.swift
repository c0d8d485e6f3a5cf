import ArgumentParser
import Foundation
import Swarm

/// `isofleet torrent create FILE`: a deterministic .torrent (same bytes and name → same info-hash
/// on every node, whatever the mtime or permissions).
struct TorrentCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a deterministic .torrent for a file.",
        discussion: """
            The info-hash depends only on the file's name and bytes, the piece size and the mode. \
            Default piece size by file size: up to 256 MiB → 256 KiB, up to 1 GiB → 1 MiB, \
            up to 4 GiB → 2 MiB, larger → 4 MiB. Every node of a fleet must use the same choice.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The image file to describe.")
    var file: String

    @Option(help: ArgumentHelp("Bytes per piece: a power of two, at least 16384 (default: by file size).", valueName: "bytes"))
    var pieceSize: Int?

    @Option(help: "hybrid (v1+v2, default), v1 or v2.")
    var mode: String = TorrentMode.hybrid.rawValue

    @Option(help: ArgumentHelp("Where to write the .torrent (default: FILE.torrent).", valueName: "path"))
    var output: String?

    @Option(name: .customLong("tracker"), help: ArgumentHelp("Announce URL to embed (repeatable).", valueName: "url"))
    var trackers: [String] = []

    @Flag(help: "Print one JSON document: info_hash_v1, info_hash_v2, torrent, piece_size.")
    var json = false

    func validate() throws {
        if let pieceSize, !PieceSize.isValid(pieceSize) {
            throw ValidationError("--piece-size \(pieceSize) is not a power of two between 16384 and 1073741824")
        }
        if TorrentMode(rawValue: mode) == nil {
            throw ValidationError("--mode '\(mode)' is not one of hybrid, v1, v2")
        }
    }

    func run() async throws {
        let size = try Self.fileSize(file)
        let pieceSize = self.pieceSize ?? PieceSize.default(forFileSize: size)
        let mode = TorrentMode(rawValue: mode) ?? .hybrid
        let output = self.output ?? file + ".torrent"
        let torrent: CreatedTorrent
        do {
            torrent = try TorrentCreator.create(file: file, pieceSize: pieceSize, mode: mode, trackers: trackers)
        } catch {
            throw error.code == .io ? CLIError.failure(error.message) : CLIError.invalidInput(error.message)
        }
        do {
            try torrent.data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError.failure("cannot write \(output): \(error.localizedDescription)")
        }
        if json {
            print(Self.json(torrent, path: output))
        } else {
            if let v1 = torrent.infoHashes.v1 { print("info-hash v1: \(v1)") }
            if let v2 = torrent.infoHashes.v2 { print("info-hash v2: \(v2)") }
            print("piece size:   \(pieceSize)")
            print("torrent:      \(output)")
        }
    }

    /// `{"info_hash_v1": …, "info_hash_v2": …, "torrent": …, "piece_size": N}` in that order.
    static func json(_ torrent: CreatedTorrent, path: String) -> String {
        func quoted(_ text: String?) -> String {
            guard let text else { return "null" }
            let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data()
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        return "{\"info_hash_v1\": \(quoted(torrent.infoHashes.v1)), \"info_hash_v2\": \(quoted(torrent.infoHashes.v2)), "
            + "\"torrent\": \(quoted(path)), \"piece_size\": \(torrent.pieceSize)}"
    }

    /// The file's size; a missing or unreadable file is invalid input (exit 2).
    static func fileSize(_ path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CLIError.invalidInput("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw CLIError.invalidInput("\(path) is not a regular file") }
        return Int64(info.st_size)
    }
}
