import Digest
import Foundation
import Hummingbird
import ISOCatalog
import ISOStore
import Node
import Repository

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
            let data = try await self.holdingsManifest(baseURL: self.settings.baseURL(for: request)).encoded()
            let etag = "\"\(SHA256.hex(of: data))\""
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
               match == "*" || match.split(separator: ",").contains(where: { $0.trimmingSpaces == etag }) {
                return Response(status: .notModified, headers: headers)
            }
        }
        var rangeHeader = request.headers[.range]
        if let ifRange = request.headers[.ifRange], ifRange != etag { rangeHeader = nil }

        let fileIO = FileIO()
        switch ByteRange.evaluate(rangeHeader, size: image.size) {
        case .whole:
            headers[.contentLength] = String(image.size)
            return Response(status: .ok, headers: headers, body: try await fileIO.loadFile(path: absolute, context: context))
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

    /// The stored image and absolute file for a `/files/…` URL path, after every check: a safe
    /// relative path, held (`present`) in the store, a regular file of the stored size whose real
    /// path lies inside the repository. Anything else is 404.
    func heldFile(at urlPath: String) throws -> (StoredImage, String) {
        let encoded = urlPath.hasPrefix("/files/") ? String(urlPath.dropFirst("/files/".count)) : ""
        guard let relative = encoded.removingPercentEncoding, RepositoryPath.problem(with: relative) == nil,
              let image = try environment.store.image(path: relative), image.state == .present
        else {
            throw APIError(.notFound, "no held image at /files/\(encoded)")
        }
        let absolute = environment.repository.absolutePath(of: image.path)
        var info = stat()
        guard let resolved = realpath(absolute, nil) else {
            throw APIError(.notFound, "\(image.path) is held but its file is gone; run a scan")
        }
        defer { free(resolved) }
        let real = String(cString: resolved)
        guard real.hasPrefix(environment.repository.root + "/"), stat(real, &info) == 0,
              info.st_mode & S_IFMT == S_IFREG
        else {
            throw APIError(.notFound, "no held image at /files/\(encoded)")
        }
        guard Int64(info.st_size) == image.size else {
            throw APIError(.notFound, "\(image.path) changed on disk since it was verified; run a scan")
        }
        return (image, real)
    }

    /// The node's holdings as an `isofleet-manifest/1` manifest (design §3): every present image
    /// with its `/files/` URL, its `.torrent` URL when the swarm seeds it, its size and sha256;
    /// `generated` is when the newest of them was added.
    func holdingsManifest(baseURL: String) async throws -> Manifest {
        let images = try environment.store.images().filter { $0.state == .present }
        var entries: [ManifestImage] = []
        for image in images {
            var sources = ImageSources(http: [baseURL + Self.filesURLPath(image.path)])
            if let torrents = environment.engines.torrents, let hash = await torrents.infoHash(forPath: image.path) {
                sources.torrent = baseURL + "/torrents/\(hash).torrent"
                sources.magnet = await torrents.magnet(forPath: image.path)
            }
            entries.append(ManifestImage(
                identity: image.identity, displayName: image.displayName,
                fileName: (image.path as NSString).lastPathComponent, size: image.size, sha256: image.sha256,
                sources: sources))
        }
        return Manifest(generated: images.map(\.added).max() ?? Date(timeIntervalSince1970: 0), images: entries)
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
