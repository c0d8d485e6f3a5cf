import Common
import Fleet
import Synchronization

/// A provider whose next answers the test sets: the only way to make a provider fail after it
/// succeeded, on demand.
final class ScriptedProvider: DiscoveryProvider {
    private let answer = Mutex<Result<[HostPort], DiscoveryError>>(.success([]))
    var name: String { "scripted" }
    func next(_ result: Result<[HostPort], DiscoveryError>) { answer.withLock { $0 = result } }
    func peers() async throws -> [HostPort] { try answer.withLock { $0 }.get() }
}
