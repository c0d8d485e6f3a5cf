import Foundation
public import Hummingbird

/// An error answered as JSON, `{"error": "…"}`, with its status.
public struct APIError: HTTPResponseError, CustomStringConvertible {
    public let status: HTTPResponse.Status
    /// One line for people and scripts.
    public let message: String
    /// Extra headers (`WWW-Authenticate`, `Content-Range`).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONBody.response(["error": message], status: status)
        for field in headers { response.headers[field.name] = field.value }
        return response
    }

    /// 400 for a body that is not the JSON expected.
    static func badJSON(_ error: any Error) -> APIError {
        APIError(.badRequest, "invalid JSON body: \(describeDecoding(error))")
    }

    /// 503 for a feature whose engine does not run on this node (no swarm session, no update runner).
    static func unavailable(_ feature: String) -> APIError {
        APIError(.serviceUnavailable, "\(feature) not running on this node")
    }
}
