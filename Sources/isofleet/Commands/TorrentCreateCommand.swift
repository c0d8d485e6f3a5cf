import ArgumentParser
import Foundation
import Node

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

    @Option(
        help: ArgumentHelp(
            "Bytes per piece: a power of two, at least 16384 (default: by file size).", valueName: "bytes"))
    var pieceSize: Int?

    @Option(help: "v1 (default), hybrid (v1+v2) or v2.")
    var mode: String = TorrentMaker.defaultMode

    @Option(help: ArgumentHelp("Where to write the .torrent (default: FILE.torrent).", valueName: "path"))
    var output: String?

    @Option(name: .customLong("tracker"), help: ArgumentHelp("Announce URL to embed (repeatable).", valueName: "url"))
    var trackers: [String] = []

    @Flag(help: "Print one JSON document: info_hash_v1, info_hash_v2, torrent, piece_size.")
    var json = false

    func validate() throws {
        if let pieceSize, !TorrentMaker.isValidPieceSize(pieceSize) {
            throw ValidationError("--piece-size \(pieceSize) is not a power of two between 16384 and 1073741824")
        }
        if !TorrentMaker.modes.contains(mode) {
            throw ValidationError("--mode '\(mode)' is not one of v1, hybrid, v2")
        }
    }

    func run() async throws {
        let output = self.output ?? file + ".torrent"
        let torrent = try request { () throws(RequestError) in
            try TorrentMaker.make(file: file, pieceSize: pieceSize, mode: mode, trackers: trackers)
        }
        do {
            try torrent.data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError.failure("cannot write \(output): \(error.localizedDescription)")
        }
        if json {
            print(Self.json(torrent, path: output))
        } else {
            if let v1 = torrent.infoHashV1 { print("info-hash v1: \(v1)") }
            if let v2 = torrent.infoHashV2 { print("info-hash v2: \(v2)") }
            print("piece size:   \(torrent.pieceSize)")
            print("torrent:      \(output)")
        }
    }

    static func json(_ torrent: MadeTorrent, path: String) -> String {
        func quoted(_ text: String?) -> String {
            guard let text else { return "null" }
            let data =
                (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data()
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        return "{\"info_hash_v1\": \(quoted(torrent.infoHashV1)), \"info_hash_v2\": \(quoted(torrent.infoHashV2)), "
            + "\"torrent\": \(quoted(path)), \"piece_size\": \(torrent.pieceSize)}"
    }

    /// The file's size; a missing or unreadable file is invalid input (exit 2).
}
