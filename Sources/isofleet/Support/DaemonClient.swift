import Foundation

/// A minimal HTTP/1.1 client for the CLI talking to the local daemon (`http://host:port` only):
/// one request, `Connection: close`, a 10 s timeout. Avoids linking a networking stack for a few calls.
enum DaemonClient {
    /// The status and body of `GET url + path`.
    /// - Throws: ``CLIError`` (runtime failure) when the daemon cannot be reached or answers garbage.
    static func get(_ baseURL: String, _ path: String) throws -> (status: Int, body: Data) {
        try request(baseURL, "GET", path)
    }

    /// The status and body of `method url + path`, with a JSON `body` and the admin `token` as bearer.
    /// - Throws: ``CLIError`` (runtime failure) when the daemon cannot be reached or answers garbage.
    static func request(
        _ baseURL: String, _ method: String, _ path: String, body: Data? = nil, token: String? = nil
    ) throws -> (status: Int, body: Data) {
        guard let url = URL(string: baseURL), url.scheme == "http", let host = url.host, let port = url.port else {
            throw CLIError.failure("daemon URL \(baseURL) is not http://host:port")
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw CLIError.failure("cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw CLIError.failure("cannot create a socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            throw CLIError.failure("cannot reach the daemon at \(baseURL): \(String(cString: strerror(errno)))")
        }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nAccept: application/json\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        let request = Array(head.utf8) + Array("\r\n".utf8) + Array(body ?? Data())
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw CLIError.failure("cannot send to the daemon at \(baseURL)")
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw CLIError.failure("the daemon at \(baseURL) did not answer in time") }
            if count == 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        return try parse(response, from: baseURL)
    }

    /// Splits a whole HTTP/1.1 response into status and body (Content-Length or chunked).
    static func parse(_ response: Data, from baseURL: String) throws -> (status: Int, body: Data) {
        guard let end = response.range(of: Data("\r\n\r\n".utf8)) else {
            throw CLIError.failure("the daemon at \(baseURL) sent an incomplete answer")
        }
        let head = String(decoding: response[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw CLIError.failure("the daemon at \(baseURL) sent no HTTP status")
        }
        var body = Data(response[end.upperBound...])
        let chunked = head.dropFirst().contains { $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked") }
        if chunked {
            var decoded = Data()
            var rest = body[...]
            while let lineEnd = rest.range(of: Data("\r\n".utf8)),
                  let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
                      .split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? "", radix: 16),
                  size > 0 {
                let start = lineEnd.upperBound
                guard rest.distance(from: start, to: rest.endIndex) >= size else { break }
                let stop = rest.index(start, offsetBy: size)
                decoded.append(rest[start..<stop])
                rest = rest[min(rest.endIndex, rest.index(stop, offsetBy: 2, limitedBy: rest.endIndex) ?? rest.endIndex)...]
            }
            body = decoded
        }
        return (status, body)
    }
}
