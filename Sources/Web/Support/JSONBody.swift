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
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: context.maxUploadSize) } catch {
            throw APIError(.contentTooLarge, "request body larger than \(context.maxUploadSize) bytes")
        }
        return try decode(type, from: Data(buffer.readableBytesView))
    }

    /// `data` decoded as `type`; 400 with the field and problem when it is not.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw APIError.badJSON(error)
        }
    }
}

/// One line for a decoding error.
func describeDecoding(_ error: any Error) -> String { DecodingProblem.describe(error) }
