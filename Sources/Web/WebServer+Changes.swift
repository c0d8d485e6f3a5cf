import Hummingbird
import ISOStore
import Node

extension WebServer {
    /// `GET /api/v1/changes`: `{"change": N}`, the store's change counter
    /// (``ISOStore/CatalogStore/changeCounter()``). It moves whenever anything was committed to the
    /// store — by the daemon, a CLI process, an update run — so a client that polls it knows when
    /// to read again; the page swaps its held-images list, summary and warnings in when it moves.
    /// An opaque token: compare it, do not count with it (it restarts with the daemon).
    func addChangeRoutes(to router: Router<WebRequestContext>) {
        router.get("/api/v1/changes") { _, _ -> Response in
            let change = environment.store.changeCounter()
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"change\": \(change)}\n")))
        }
    }
}
