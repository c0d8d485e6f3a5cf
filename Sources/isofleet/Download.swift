import Foundation
import Swarm

/// Drives one foreground download to its end: completion, a torrent error, a signal or a timeout,
/// whichever comes first, while reporting progress.
struct Download {
    /// How a download ended.
    enum Outcome: Sendable {
        case finished
        case failed(String)
        case interrupted(Int32)
        case timedOut(progress: Double)
    }

    let session: SwarmSession
    let torrent: TorrentID
    let timeout: Duration?

    func run() async -> Outcome {
        let reporter = ProgressReporter()
        let signals = SignalWatcher()
        let outcome = await withTaskGroup(of: Outcome?.self) { group -> Outcome in
            group.addTask {
                do {
                    try await session.waitUntilFinished(torrent)
                    return .finished
                } catch let error as SwarmError {
                    return .failed(error.message)
                } catch {
                    return .failed("\(error)")
                }
            }
            group.addTask { .interrupted(await signals.next()) }
            if let timeout {
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    if Task.isCancelled { return nil }
                    let progress = (try? await session.status(of: torrent))?.progress ?? 0
                    return .timedOut(progress: progress)
                }
            }
            group.addTask {
                // Display refresh only; completion comes from the session's events.
                while !Task.isCancelled {
                    if let status = try? await session.status(of: torrent) { reporter.report(status) }
                    try? await Task.sleep(for: reporter.interval)
                }
                return nil
            }
            var result: Outcome = .failed("download ended without a result")
            while let next = await group.next() {
                if let next {
                    result = next
                    break
                }
            }
            group.cancelAll()
            return result
        }
        if case .finished = outcome, let status = try? await session.status(of: torrent) { reporter.report(status) }
        reporter.finish()
        return outcome
    }
}
