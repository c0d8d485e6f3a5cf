import Hummingbird
import Node
import WireTypes

extension WebServer {
    /// `GET /api/v1/unclassified`: the files scan and import could not classify, each with the
    /// reason and what the parser recognised. Reading is open, like `/api/v1/images`.
    func addUnclassifiedRoutes(to api: RouterGroup<WebRequestContext>) {
        api.get("/unclassified") { _, _ -> Response in
            JSONBody.response(try await self.unclassifiedFiles())
        }
    }

    /// The unclassified files from the store, a store failure as a 500.
    func unclassifiedFiles() async throws(APIError) -> [UnclassifiedFileJSON] {
        do { return try await environment.unclassifiedFilesOffPool() } catch { throw APIError(error) }
    }
}
