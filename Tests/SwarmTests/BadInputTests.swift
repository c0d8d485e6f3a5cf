import Foundation
import Swarm
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(1)))
struct BadInputTests {
    @Test(arguments: [
        "magnet:?xt=urn:btih:zzzz",
        "magnet:?dn=no-hash-here",
        "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef0123456",
        "http://example.com/not-a-magnet",
        "",
    ])
    func malformedMagnetsAreRejectedWithACode(magnet: String) async throws {
        let error = #expect(throws: SwarmError.self) { try TorrentMetadata(magnet: magnet) }
        #expect(error?.code == .badMagnet)
        #expect(error?.message.isEmpty == false)

        let directory = try TemporaryDirectory(prefix: "bad-magnet")
        let session = try await SwarmTestSupport.session()
        let addError = await #expect(throws: SwarmError.self) {
            _ = try await session.add(.magnet(magnet), options: AddOptions(savePath: directory.path))
        }
        #expect(addError?.code == .badMagnet)
        #expect(await session.lifecycle == .running, "a bad magnet does not break the session")
        #expect(await session.torrentIDs.isEmpty)
        await session.shutdown()
    }

    @Test func garbageAndTruncatedTorrentFilesAreRejected() async throws {
        let directory = try TemporaryDirectory(prefix: "bad-torrent")
        let path = try ImageGenerator.write(to: directory.appending("image.iso"), seed: 9, size: 1 << 20)
        let good = try TorrentCreator.create(file: path, pieceSize: 64 << 10).data
        let inputs: [Data] = [
            Data("this is not bencode".utf8),
            good.prefix(good.count / 2),
            good.prefix(10),
            Data(),
            Data("d4:infod4:name3:fooee".utf8),
        ]
        let session = try await SwarmTestSupport.session()
        for input in inputs {
            let error = #expect(throws: SwarmError.self) { try TorrentMetadata(torrentFile: input) }
            #expect(error?.code == .badTorrent)
            let addError = await #expect(throws: SwarmError.self) {
                _ = try await session.add(.torrentFile(input), options: AddOptions(savePath: directory.path))
            }
            #expect(addError?.code == .badTorrent)
        }
        #expect(await session.lifecycle == .running)
        // The same session still works for a good torrent.
        var options = AddOptions(savePath: directory.path)
        options.seedMode = true
        let id = try await session.add(.torrentFile(good), options: options)
        #expect(try await session.status(of: id).name == "image.iso")
        await session.shutdown()
    }

    @Test func hashingAMissingFileNamesIt() throws {
        let directory = try TemporaryDirectory(prefix: "missing")
        let missing = directory.appending("nope.iso")
        let error = #expect(throws: SwarmError.self) { try TorrentCreator.create(file: missing, pieceSize: 64 << 10) }
        #expect(error?.code == .io)
        #expect(error?.message.contains(missing) == true)

        let empty = directory.appending("empty.iso")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(
            (#expect(throws: SwarmError.self) { try TorrentCreator.create(file: empty, pieceSize: 64 << 10) })?.code
                == .invalidArgument)
        #expect(
            (#expect(throws: SwarmError.self) { try TorrentCreator.create(file: directory.path, pieceSize: 64 << 10) })?
                .code == .invalidArgument)
        let path = try ImageGenerator.write(to: directory.appending("x.iso"), seed: 1, size: 1000)
        #expect(
            (#expect(throws: SwarmError.self) { try TorrentCreator.create(file: path, pieceSize: 1000) })?.code
                == .invalidArgument)
    }

    @Test func aBusyListenPortIsAnErrorNotAnotherPort() async throws {
        let (socketFD, port) = try Self.listeningSocket()
        defer { close(socketFD) }
        let session = SwarmSession(settings: SwarmSettings(listen: "127.0.0.1:\(port)"))
        let error = await #expect(throws: SwarmError.self) { try await session.start() }
        #expect(error?.code == .listen)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        #expect(await session.lifecycle == .idle, "no session was left running")
        let notRunning = await #expect(throws: SwarmError.self) { try await session.listenPort() }
        #expect(notRunning?.code == .notRunning)
    }

    @Test func operationsOnGoneTorrentsAndStoppedSessionsFailWithCodes() async throws {
        let directory = try TemporaryDirectory(prefix: "gone")
        let path = try ImageGenerator.write(to: directory.appending("image.iso"), seed: 4, size: 128 << 10)
        let torrent = try TorrentCreator.create(file: path, pieceSize: 16 << 10)
        let session = try await SwarmTestSupport.session()
        var options = AddOptions(savePath: directory.path)
        options.seedMode = true
        let id = try await session.add(.torrentFile(torrent.data), options: options)
        let duplicate = await #expect(throws: SwarmError.self) {
            _ = try await session.add(.torrentFile(torrent.data), options: options)
        }
        #expect(duplicate?.code == .duplicateTorrent)
        try await session.remove(id)
        #expect(FileManager.default.fileExists(atPath: path), "remove keeps the files unless asked")
        let gone = await #expect(throws: SwarmError.self) { try await session.status(of: id) }
        #expect(gone?.code == .unknownTorrent)
        let badPeer = await #expect(throws: SwarmError.self) {
            var withBadPeer = AddOptions(savePath: directory.path)
            withBadPeer.peers = ["no-port-here"]
            _ = try await session.add(.torrentFile(torrent.data), options: withBadPeer)
        }
        #expect(badPeer?.code == .invalidArgument)
        await session.shutdown()
        #expect(await session.lifecycle == .stopped)
        let stopped = await #expect(throws: SwarmError.self) {
            _ = try await session.add(.torrentFile(torrent.data), options: options)
        }
        #expect(stopped?.code == .notRunning)
    }

    @Test func aDownloadThatCannotWriteFailsWithTheFileNamed() async throws {
        let directory = try TemporaryDirectory(prefix: "unwritable")
        let (seeder, torrent, _) = try await SwarmTestSupport.seed(in: directory, size: 1 << 20, seed: 71)
        let blocker = directory.appending("not-a-directory")
        _ = FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        let leecher = try await SwarmTestSupport.session()
        var options = AddOptions(savePath: blocker + "/downloads")
        options.peers = [try await SwarmTestSupport.address(of: seeder)]
        let id = try await leecher.add(.torrentFile(torrent.data), options: options)
        let error = await #expect(throws: SwarmError.self) { try await SwarmTestSupport.waitUntilFinished(leecher, id) }
        #expect(error?.code == .torrentFailed)
        #expect(error?.message.contains("not-a-directory") == true, "\(error?.message ?? "")")
        #expect(try await leecher.status(of: id).error != nil)
        await leecher.shutdown()
        await seeder.shutdown()
    }

    /// A TCP socket listening on 127.0.0.1 at a free port, held open by the caller.
    static func listeningSocket() throws -> (Int32, UInt16) {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && listen(socketFD, 8) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard ok else { throw POSIXError(.EADDRINUSE) }
        return (socketFD, UInt16(bigEndian: address.sin_port))
    }
}
