public import Common

/// The configured providers together: their peers merged and deduplicated, the node's own
/// addresses left out. A provider that fails keeps contributing its last good answer.
public actor FleetDiscovery {
    /// What one round of asking every provider gave.
    public struct Round: Sendable {
        /// The merged peers, sorted.
        public var peers: [HostPort]
        /// The failures of this round, one per failing provider (its last good peers are in `peers`).
        public var failures: [DiscoveryError]
    }

    /// The providers, in configuration order.
    public let providers: [any DiscoveryProvider]
    /// Hosts that are this node (its own addresses); peers on them are dropped whatever the port.
    public let ownHosts: Set<String>
    private var lastGood: [Int: [HostPort]] = [:]

    /// Combines `providers`, dropping peers whose host is in `ownHosts`.
    public init(providers: [any DiscoveryProvider], ownHosts: Set<String> = []) {
        self.providers = providers
        self.ownHosts = ownHosts
    }

    /// Asks every provider (concurrently) and merges the answers.
    public func refresh() async -> Round {
        let answers = await withTaskGroup(of: (Int, Result<[HostPort], DiscoveryError>).self) { group in
            for (index, provider) in providers.enumerated() {
                group.addTask {
                    do { return (index, .success(try await provider.peers())) } catch let error as DiscoveryError {
                        return (index, .failure(error))
                    } catch {
                        return (index, .failure(DiscoveryError(.transport, "\(provider.name): \(error)")))
                    }
                }
            }
            var answers: [(Int, Result<[HostPort], DiscoveryError>)] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }
        }
        var failures: [DiscoveryError] = []
        for (index, answer) in answers {
            switch answer {
            case .success(let peers): lastGood[index] = peers
            case .failure(let error): failures.append(error)
            }
        }
        let merged = Set(lastGood.values.joined()).filter { !ownHosts.contains($0.host) }
        return Round(peers: merged.sorted(), failures: failures)
    }
}
