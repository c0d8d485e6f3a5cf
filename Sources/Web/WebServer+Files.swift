import Foundation
import Hummingbird
import Node
import WireTypes

extension WebServer {
    /// `GET|HEAD /files/{path}`, `GET /manifest.json`, `GET /torrents/{infohash}.torrent`.
    func addFileRoutes(to router: Router<WebRequestContext>) {
        router.get("/files/**") { request, context -> Response in
            try await self.serveFile(request, context: context)
        }
        // Registered explicitly: the router's automatic HEAD does not cover catch-all paths.
        router.head("/files/**") { request, context -> Response in
            let response = try await self.serveFile(request, context: context)
            return Response(status: response.status, headers: response.headers)
        }
        // The same holdings give the same bytes (`generated` is the newest image's `added`), so the
        // ETag lets a node syncing from this one get 304 until something changes.
        router.get("/manifest.json") { request, _ -> Response in
            let baseURL = self.settings.baseURL(for: request)
            let (data, etag): (Data, String)
            do throws(RequestError) {
                (data, etag) = try await self.environment.holdingsManifest(baseURL: baseURL) {
                    baseURL + Self.filesURLPath($0)
                }
            } catch {
                throw APIError(error)
            }
            if request.headers[.ifNoneMatch] == etag {
                return Response(status: .notModified, headers: [.eTag: etag])
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .eTag: etag],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/torrents/:file") { _, context -> Response in
            guard let torrents = self.environment.engines.torrents else {
                throw APIError.unavailable("torrent files (the swarm engine)")
            }
            let file = context.parameters.get("file") ?? ""
            let hash = file.hasSuffix(".torrent") ? String(file.dropLast(".torrent".count)) : file
            guard [40, 64].contains(hash.count), hash.allSatisfy(\.isHexDigit),
                let bytes = try await torrents.torrentFile(infoHash: hash.lowercased())
            else { throw APIError(.notFound, "no torrent \(file) on this node") }
            return Response(
                status: .ok, headers: [.contentType: "application/x-bittorrent"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// The held image at the request's path, whole or one byte range; 404 for anything else.
    func serveFile(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (image, absolute) = try heldFile(at: request.uri.path)
        var headers: HTTPFields = [
            .contentType: "application/x-iso9660-image", .acceptRanges: "bytes",
        ]
        let etag = image.sha256.map { "\"\($0)\"" }
        if let etag {
            headers[.eTag] = etag
            if let match = request.headers[.ifNoneMatch],
                match == "*" || match.split(separator: ",").contains(where: { $0.trimmingSpaces == etag })
            {
                return Response(status: .notModified, headers: headers)
            }
        }
        var rangeHeader = request.headers[.range]
        if let ifRange = request.headers[.ifRange], ifRange != etag { rangeHeader = nil }

        let fileIO = FileIO()
        switch ByteRange.evaluate(rangeHeader, size: image.size) {
        case .whole:
            headers[.contentLength] = String(image.size)
            return Response(
                status: .ok, headers: headers, body: try await fileIO.loadFile(path: absolute, context: context))
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(image.size)"
            headers[.contentLength] = String(range.count)
            let body = try await fileIO.loadFile(
                path: absolute, range: Int(range.lowerBound)...Int(range.upperBound), context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        case .unsatisfiable:
            throw APIError(
                .rangeNotSatisfiable, "range \(rangeHeader ?? "") is beyond the \(image.size) bytes of \(image.path)",
                headers: [.contentRange: "bytes */\(image.size)"])
        }
    }

    /// The held image and its real file for a `/files/…` URL path (``NodeEnvironment/servableFile(atRelativePath:)``);
    /// anything not held and intact is 404.
    func heldFile(at urlPath: String) throws(APIError) -> (ImageJSON, String) {
        let encoded = urlPath.hasPrefix("/files/") ? String(urlPath.dropFirst("/files/".count)) : ""
        guard let relative = encoded.removingPercentEncoding else {
            throw APIError(.notFound, "no held image at /files/\(encoded)")
        }
        do { return try environment.servableFile(atRelativePath: relative) } catch { throw APIError(error) }
    }

    /// `/files/` + the path with each segment percent-encoded (only RFC 3986 unreserved kept).
    static func filesURLPath(_ path: String) -> String {
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            String(segment).addingPercentEncoding(withAllowedCharacters: unreserved) ?? String(segment)
        }
        return "/files/" + segments.joined(separator: "/")
    }
}
