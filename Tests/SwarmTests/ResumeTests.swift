import Foundation
import Swarm
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(1)))
struct ResumeTests {
    /// A leecher stopped half way and restarted from its resume data downloads only the rest.
    @Test func restartedLeecherDownloadsOnlyWhatItLacked() async throws {
        let directory = try TemporaryDirectory(prefix: "resume")
        let size = 8 << 20
        let (seeder, torrent, original) = try await SwarmTestSupport.seed(
            in: directory, size: size, seed: 5, pieceSize: 64 << 10, uploadLimit: 800_000)
        let seederAddress = try await SwarmTestSupport.address(of: seeder)
        let resumeDirectory = directory.appending("resume")
        var options = AddOptions(savePath: directory.appending("leech"))
        options.peers = [seederAddress]

        // First run: stop once at least 40% is verified on disk.
        let firstRun = try await SwarmTestSupport.session(resumeDirectory: resumeDirectory)
        let firstID = try await firstRun.add(.magnet(torrent.magnet()), options: options)
        var doneBefore: Int64 = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let status = try await firstRun.status(of: firstID)
            doneBefore = status.totalDone
            if doneBefore >= Int64(size) * 4 / 10 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        await firstRun.shutdown()
        #expect(doneBefore >= Int64(size) * 4 / 10)
        #expect(doneBefore < Int64(size), "stopped before the end")
        let stored = ResumeStore(directory: resumeDirectory).load(for: torrent.infoHashes)
        #expect(stored != nil, "shutdown saved resume data")

        // Second run. The seeder is paused until the leecher has loaded its resume data, so what
        // the leecher holds at restart (pieces in flight at shutdown may have landed after the
        // sample above) is read before anything new can arrive.
        let seederIDs = await seeder.torrentIDs
        for id in seederIDs { try await seeder.pause(id) }
        let secondRun = try await SwarmTestSupport.session(resumeDirectory: resumeDirectory)
        let secondID = try await secondRun.add(.magnet(torrent.magnet()), options: options)
        var atRestart = try await secondRun.status(of: secondID)
        let restartDeadline = ContinuousClock.now + .seconds(20)
        let loading: Set<TorrentState> = [.checkingFiles, .checkingResumeData, .downloadingMetadata, .unknown]
        while loading.contains(atRestart.state) || !atRestart.hasMetadata, ContinuousClock.now < restartDeadline {
            try await Task.sleep(for: .milliseconds(50))
            atRestart = try await secondRun.status(of: secondID)
        }
        #expect(atRestart.totalDone >= doneBefore, "resume data kept what was verified before the stop")
        #expect(atRestart.payloadDownloaded == 0)

        // Seeder unthrottled: only the remainder comes over the wire.
        for id in seederIDs {
            try await seeder.setRateLimits(id, upload: 0, download: 0)
            try await seeder.resume(id)
        }
        try await SwarmTestSupport.waitUntilFinished(secondRun, secondID)
        let status = try await secondRun.status(of: secondID)
        let remainder = Int64(size) - atRestart.totalDone
        let downloaded = status.payloadDownloaded
        // Blocks of pieces left unfinished at the stop survive in the resume data too, so up to a
        // few partial pieces (64 KiB each here) are not fetched again.
        #expect(downloaded >= remainder - (256 << 10), "downloaded \(downloaded), remainder \(remainder)")
        #expect(downloaded <= remainder + (1 << 20), "downloaded \(downloaded), remainder \(remainder)")
        #expect(
            try SwarmTestSupport.sha256(directory.appending("leech/image.iso")) == SwarmTestSupport.sha256(original))
        await secondRun.shutdown()
        await seeder.shutdown()
    }

    @Test func storedResumeDataOfAnotherTorrentIsRejectedNotTrusted() async throws {
        let directory = try TemporaryDirectory(prefix: "resume-mismatch")
        let path = try ImageGenerator.write(to: directory.appending("data/a.iso"), seed: 1, size: 256 << 10)
        let other = try ImageGenerator.write(to: directory.appending("data/b.iso"), seed: 2, size: 256 << 10)
        let torrentA = try TorrentCreator.create(file: path, pieceSize: 16 << 10)
        let torrentB = try TorrentCreator.create(file: other, pieceSize: 16 << 10)
        let session = try await SwarmTestSupport.session(resumeDirectory: directory.appending("resume"))
        var options = AddOptions(savePath: directory.appending("data"))
        options.seedMode = true
        let idB = try await session.add(.torrentFile(torrentB.data), options: options)
        let resumeB = try await session.saveResumeData(for: idB)

        // Explicit resume data of B for torrent A: refused with a code (2.0.8 would accept it).
        options.resumeData = resumeB
        let mismatch = await #expect(throws: SwarmError.self) {
            _ = try await session.add(.torrentFile(torrentA.data), options: options)
        }
        #expect(mismatch?.code == .resumeDataMismatch)
        options.resumeData = Array("garbage".utf8)
        let garbage = await #expect(throws: SwarmError.self) {
            _ = try await session.add(.torrentFile(torrentA.data), options: options)
        }
        #expect(garbage?.code == .badResumeData)

        // The same bytes planted in the store under A's name: the torrent is added without them.
        try ResumeStore(directory: directory.appending("resume")).save(resumeB, for: torrentA.infoHashes)
        let events = await session.events()
        options.resumeData = nil
        let idA = try await session.add(.torrentFile(torrentA.data), options: options)
        let rejection = try await SwarmTestSupport.firstEvent(in: events) {
            if case .resumeDataRejected(idA, _) = $0 { true } else { false }
        }
        if case .resumeDataRejected(_, let message) = rejection { #expect(message.contains("resume data")) }
        await session.shutdown()
    }
}
