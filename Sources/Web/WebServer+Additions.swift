import Hummingbird
import Node
import WireTypes

extension WebServer {
    /// Cancels the addition `id` (`DELETE /api/v1/additions/{id}`, the page's cancel button):
    /// 400 for an id that is not a number, 404 unknown, 409 once it is being placed or done, 503
    /// without the engine.
    func cancelAddition(_ id: String) async throws -> AdditionStatus {
        guard let number = Int(id) else { throw APIError(.badRequest, "addition id '\(id)' is not a number") }
        guard let magnets = environment.engines.magnets else {
            throw APIError.unavailable("adding magnet links and URLs (the swarm engine)")
        }
        do { return try await magnets.cancelAddition(id: number) } catch { throw APIError(error) }
    }
}
