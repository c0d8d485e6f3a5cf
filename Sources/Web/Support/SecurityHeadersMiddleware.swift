import HTTPTypes
import Hummingbird

/// The headers every answer carries, errors and 404s included (issue 15, item 4): no MIME
/// sniffing, no framing, the referrer only to the node itself, and a Content-Security-Policy that
/// allows nothing unless the response sets its own (the page does: ``WebServer/contentSecurityPolicy``).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    /// For everything but the page: JSON, text, files and errors load nothing and are framed nowhere.
    static let strictPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            response = try APIError(.internalServerError, "internal error").response(from: request, context: context)
        }
        Self.secure(&response.headers)
        return response
    }

    /// Adds the headers `fields` does not already set.
    static func secure(_ fields: inout HTTPFields) {
        if fields[.xContentTypeOptions] == nil { fields[.xContentTypeOptions] = "nosniff" }
        if fields[frameOptions] == nil { fields[frameOptions] = "DENY" }
        if fields[referrerPolicy] == nil { fields[referrerPolicy] = "same-origin" }
        if fields[.contentSecurityPolicy] == nil { fields[.contentSecurityPolicy] = strictPolicy }
    }
}
