import Common
import Foundation
import Hummingbird
import ISOCatalog
import Node
import WireTypes

/// JSON in and out: sorted keys, RFC 3339 dates, slashes unescaped (the CLI's conventions).
enum JSONBody {
    static var encoder: JSONEncoder { WireJSON.encoder }

    /// `value` encoded as the response body, `Content-Type: application/json`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data: Data
        do { data = try encoder.encode(value) + Data("\n".utf8) } catch {
            data = Data("{\"error\": \"cannot encode the response\"}\n".utf8)
            return Response(
                status: .internalServerError, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request body decoded as `type`; 400 with the field and problem when it is not.
    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, context: WebRequestContext
    ) async throws -> T {
        try decode(type, from: try await body(of: request, context: context))
    }

    /// The request body, at most the context's upload size: 413 beyond, on the `Content-Length`
    /// alone when it says so.
    static func body(of request: Request, context: WebRequestContext) async throws -> Data {
        let limit = context.maxUploadSize
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError(.contentTooLarge, "request body larger than \(limit) bytes")
        }
        do { return Data(try await request.body.collect(upTo: limit).readableBytesView) } catch {
            throw APIError(.contentTooLarge, "request body larger than \(limit) bytes")
        }
    }

    /// `data` decoded as `type`; 400 with the field and problem when it is not, and when an
    /// object names one key twice (JSON readers disagree on which one counts).
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoded: T
        do { decoded = try JSONDecoder().decode(type, from: data) } catch {
            throw APIError.badJSON(error)
        }
        if let path = JSONDuplicateKeys.firstDuplicate(in: data) {
            throw APIError(.badRequest, "key \(path) appears twice in one object")
        }
        return decoded
    }
}

/// One line for a decoding error.
func describeDecoding(_ error: any Error) -> String { DecodingProblem.describe(error) }
