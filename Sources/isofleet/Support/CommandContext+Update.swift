import ISOStore
import Node
import Swarm
import Acquisition
import Common
import Repository

extension CommandContext {
    /// The update runner for `store`: the manifest synchroniser, the HTTP acquirer, the swarm
    /// acquirer when a session is given, and the fleet the acquisition policy reads at each run.
    func updateRunner(store: CatalogStore, swarm: SwarmSession?, fleet: any FleetMembership) throws -> UpdateRunner {
        var acquirers: [any ImageAcquirer] = [HTTPAcquirer()]
        if let swarm {
            let originPieces: Bool
            let stallTimeout: Duration
            do {
                originPieces = try configuration.flag(.swarmOriginPieces) ?? true
                stallTimeout = try configuration.duration(.swarmStallTimeout) ?? .seconds(60)
            } catch {
                throw CLIError.invalidInput(error.description)
            }
            acquirers.append(SwarmAcquirer(
                session: swarm, fleet: fleet, originPieces: originPieces, stallTimeout: stallTimeout))
        }
        return UpdateRunner(
            store: store, repository: repository, dataDirectory: dataDirectory,
            synchronizer: try manifestSynchronizer(store: store), acquirers: acquirers,
            fleet: fleet)
    }

    /// The fixed fleet of a command: `peers`, and this node's own endpoint when `session` listens on
    /// one address (so that its rank among the fleet is the same one every member computes).
    func staticFleet(peers: [String], listen: String, session: SwarmSession?) async -> StaticFleetMembership {
        guard let session, let port = try? await session.listenPort() else { return StaticFleetMembership(peers: peers) }
        return StaticFleetMembership(peers: peers, selfAddress: SeedCommand.advertisedAddress(listen: listen, port: port))
    }

    /// A started swarm session for an `update` run (resume data in `DATA_DIR/resume/`), or nil
    /// when there is no fleet peer to fetch from.
    func swarmSession(listen: String, peers: [String]) async throws -> SwarmSession? {
        guard !peers.isEmpty else { return nil }
        let session = SwarmSession(
            settings: SwarmSettings(listen: listen), resumeStore: ResumeStore(directory: dataDirectory.resume))
        do { try await session.start() } catch { throw CLIError.failure(error.message) }
        return session
    }
}

extension CLIError {
    /// Busy, store and I/O failures are runtime failures (exit 1); a missing manifest takes the
    /// code of its synchronisation failure (invalid or not configured: 2, unreachable: 1).
    init(_ error: UpdateError) {
        if let failure = error.manifestFailure {
            self = CLIError(message: error.message, exitCode: CLIError(failure).exitCode)
        } else {
            self = .failure(error.message)
        }
    }
}
