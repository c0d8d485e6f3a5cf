public import Foundation

/// One request as a test server logged it (nginx's access log or the fault server's log), one JSON
/// object per line.
public struct ServedRequest: Decodable, Sendable, Equatable {
    public let method: String
    /// The path requested, without the query.
    public let path: String
    /// The `Range` header sent, nil when none.
    public let range: String?
    public let status: Int
    /// Headers and body bytes handed to the socket.
    public let bytesSent: Int64
    /// Body bytes handed to the socket (nginx counts bytes given to the kernel, so an aborted
    /// transfer may count more than the client read).
    public let bodyBytesSent: Int64
    public let userAgent: String?
    /// The client's address (nginx's `$remote_addr`), nil when the log does not say.
    public let clientAddress: String?
    /// nginx's serial number of the connection the request came on (`$connection`): requests
    /// with the same number shared one connection. Nil when the log does not say.
    public let connection: Int?

    enum CodingKeys: String, CodingKey {
        case method, path, range, status
        case bytesSent = "bytes_sent"
        case bodyBytesSent = "body_bytes_sent"
        case userAgent = "user_agent"
        case clientAddress = "remote_addr"
        case connection
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(String.self, forKey: .method)
        path = try container.decode(String.self, forKey: .path)
        let range = try container.decodeIfPresent(String.self, forKey: .range)
        self.range = range?.isEmpty == true ? nil : range
        status = try container.decode(Int.self, forKey: .status)
        bytesSent = try container.decode(Int64.self, forKey: .bytesSent)
        bodyBytesSent = try container.decode(Int64.self, forKey: .bodyBytesSent)
        let agent = try container.decodeIfPresent(String.self, forKey: .userAgent)
        userAgent = agent?.isEmpty == true ? nil : agent
        clientAddress = try container.decodeIfPresent(String.self, forKey: .clientAddress)
        connection = try container.decodeIfPresent(Int.self, forKey: .connection)
    }

    /// The first byte asked for by a `Range: bytes=N-…` header, nil without a range.
    public var rangeStart: Int64? {
        guard let range, range.hasPrefix("bytes=") else { return nil }
        return Int64(range.dropFirst(6).prefix { $0 != "-" })
    }

    /// Every well-formed line of the JSON-lines log at `path` (an unfinished last line is skipped).
    public static func readLog(at path: String) -> [ServedRequest] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { line in
            try? decoder.decode(ServedRequest.self, from: Data(line.utf8))
        }
    }
}
