import Common
import Fetch

extension HTTPExchange {
    /// ``send()`` with a transport failure as discovery's own error.
    func sendForDiscovery() async throws(DiscoveryError) -> Response {
        do {
            return try await send()
        } catch {
            throw DiscoveryError(.transport, error.message)
        }
    }
}
